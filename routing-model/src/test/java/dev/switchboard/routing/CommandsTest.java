package dev.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandsTest {
    @TempDir
    Path dir;

    @Test
    void shouldTrainHoldingOutWholeSubjectsAndEvaluateTheHoldOut() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        List<Example> toy = LearnedRouterTest.toyExamples();
        for (String subject : List.of("a", "b", "c", "d")) {
            List<Example> rows = toy.stream().map(e -> new Example(subject, subject + " " + e.prompt(), e.weakCorrect(), e.strongCorrect()))
                    .collect(Collectors.toList());
            RoutingExamples.write(rows, data.resolve("mmlu_" + subject + ".csv"));
        }
        Path routerFile = dir.resolve("router.json");
        Path holdout = dir.resolve("holdout.csv");
        TrainRouterCommand.Options options = TrainRouterCommand.Options.parse(new String[] {"--data", data.toString(),
            "--out", routerFile.toString(), "--holdout-fraction=0.25", "--seed", "7", "--holdout-out", holdout.toString(),
            "--iterations", "200"});

        TrainRouterCommand.Summary trained = new TrainRouterCommand().run(options, new HashingEmbedder(), quiet());

        assertThat(trained.router().metadata().heldOutSubjects()).hasSize(1);
        String heldOutSubject = trained.router().metadata().heldOutSubjects().get(0);
        assertThat(trained.router().metadata().trainingSubjects()).hasSize(3).doesNotContain(heldOutSubject);
        assertThat(RoutingExamples.read(holdout, "x")).hasSize(toy.size())
                .allSatisfy(e -> assertThat(e.prompt()).startsWith(heldOutSubject + " "));

        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        EvalRouterCommand.Summary evaluated = new EvalRouterCommand().run(
                new EvalRouterCommand.Options(holdout, routerFile, null), new HashingEmbedder(),
                new PrintStream(buffer, true, StandardCharsets.UTF_8));

        String[] lines = buffer.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines[lines.length - 1]).matches("apgr=\\d\\.\\d{3} random_apgr=0\\.\\d{3} strong_share_for_80pct_gap=\\d\\.\\d{3} prompts=60");
        assertThat(evaluated.learned().apgr()).isGreaterThan(evaluated.random().apgr());
        assertThat(evaluated.random().apgr()).isBetween(0.49, 0.51);
    }

    @Test
    void shouldHoldOutTheNamedSubjects() {
        TrainRouterCommand.Options named = TrainRouterCommand.Options.parse(new String[] {"--data", "d", "--out", "o",
            "--holdout-subjects", "b,c", "--label", "weak_wrong"});
        TrainRouterCommand.Options stem = TrainRouterCommand.Options.parse(new String[] {"--data", "d", "--out", "o", "--holdout-subjects", "stem"});

        assertThat(named.holdoutSubjects()).containsExactly("b", "c");
        assertThat(named.settings().label()).isEqualTo(LearnedRouter.Label.WEAK_WRONG);
        assertThat(stem.holdoutSubjects()).hasSize(18).contains("college_physics", "high_school_mathematics").doesNotContain("anatomy");
        assertThat(stem.settings().label()).isEqualTo(LearnedRouter.Label.STRONG_MINUS_WEAK);
    }

    @Test
    void shouldReportBadOptions() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int code = new EvalRouterCommand().run(new String[] {"--bogus", "1"}, new PrintStream(buffer, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(buffer.toString(StandardCharsets.UTF_8)).contains("unknown option --bogus");
    }

    @Test
    void shouldSplitSubjectsDeterministically() {
        List<Example> rows = List.of(new Example("a", "1", true, true), new Example("b", "2", true, true),
                new Example("c", "3", true, true), new Example("d", "4", true, true));
        assertThat(TrainRouterCommand.heldOutSubjects(rows, 0.5, 7)).hasSize(2)
                .isEqualTo(TrainRouterCommand.heldOutSubjects(rows, 0.5, 7));
        assertThat(TrainRouterCommand.heldOutSubjects(rows, 0, 7)).isEmpty();
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}
