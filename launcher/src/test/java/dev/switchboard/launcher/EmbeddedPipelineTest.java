package dev.switchboard.launcher;

import dev.switchboard.launcher.config.SwitchboardConfig;

/** The pipeline contract on the in-process KRaft broker the launcher starts when no cluster is given. */
class EmbeddedPipelineTest extends PipelineContract {
    @Override
    SwitchboardConfig config() {
        return fastDefaults();
    }
}
