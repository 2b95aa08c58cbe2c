package dev.switchboard.router.budget;

import dev.switchboard.router.RouterConfig;
import dev.switchboard.router.governance.AdmissionListener;

/** What the budget step and the grant step of one lane share: the lane's name, how worst cases are priced and where decisions go. */
public record LaneBudget(String lane, RouterConfig config, WorstCaseCost worstCase, AdmissionListener listener,
                         String routeChild, String replyChild, String leasesChild) {
}
