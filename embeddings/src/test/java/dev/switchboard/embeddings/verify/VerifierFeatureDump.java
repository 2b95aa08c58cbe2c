package dev.switchboard.embeddings.verify;

import dev.switchboard.embeddings.Embedder;
import dev.switchboard.embeddings.EmbeddingModel;
import dev.switchboard.embeddings.OnnxEmbedder;
import dev.switchboard.embeddings.eval.TextPair;
import dev.switchboard.embeddings.eval.VectorCache;
import java.io.BufferedWriter;
import java.io.DataOutputStream;
import java.io.BufferedOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scratch tool (not a test): writes every labelled pair's verifier features, both models' cosines and the bge
 * element-wise block, for exploring feature sets outside Java. Args: shared data dir, bge cache, MiniLM cache, out prefix.
 */
public final class VerifierFeatureDump {
    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        Map<String, List<TextPair>> sets = new LinkedHashMap<>();
        for (LabelledSets s : LabelledSets.values()) {
            sets.put(s.id(), s.read(data));
        }
        sets.put("near-misses", NearMisses.from(sets.get(LabelledSets.STSB_TRAIN_GRADED.id()), 7));
        List<TextPair> every = new ArrayList<>();
        sets.values().forEach(every::addAll);
        if (args[3].equals("minilm-only")) {
            VectorCache.embedPairs(OnnxEmbedder.of(EmbeddingModel.ALL_MINILM_L6_V2_Q), every, Path.of(args[2]));
            return;
        }
        Embedder bge = OnnxEmbedder.of(EmbeddingModel.BGE_SMALL_EN_V15_Q);
        Map<String, float[]> vb = VectorCache.embedPairs(bge, every, Path.of(args[1]));
        boolean withMini = !args[2].equals("-");
        Map<String, float[]> vm = withMini ? VectorCache.embedPairs(OnnxEmbedder.of(EmbeddingModel.ALL_MINILM_L6_V2_Q), every, Path.of(args[2]))
                : Map.of();
        Map<String, QuestionProfile> profiles = new LinkedHashMap<>();
        try (BufferedWriter w = Files.newBufferedWriter(Path.of(args[3] + ".tsv"));
             DataOutputStream uv = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(Path.of(args[3] + ".uv.f32"))))) {
            w.write("set\tsame\t" + String.join("\t", PairFeatures.SCALAR_NAMES) + "\tcosine_minilm\ttext1\ttext2\n");
            for (Map.Entry<String, List<TextPair>> e : sets.entrySet()) {
                for (TextPair p : e.getValue()) {
                    QuestionProfile a = profiles.computeIfAbsent(p.text2(), QuestionProfile::of);
                    QuestionProfile b = profiles.computeIfAbsent(p.text1(), QuestionProfile::of);
                    float[] u = vb.get(p.text2());
                    float[] v = vb.get(p.text1());
                    double[] f = PairFeatures.of(a, u, b, v, true);
                    StringBuilder line = new StringBuilder(e.getKey()).append('\t').append(p.same() ? 1 : 0);
                    for (int i = 0; i < PairFeatures.SCALAR_NAMES.size(); i++) {
                        line.append('\t').append((float) f[i]);
                    }
                    line.append('\t').append(withMini ? (float) Embedder.cosine(vm.get(p.text1()), vm.get(p.text2())) : Float.NaN);
                    line.append('\t').append(p.text1().replace('\t', ' ').replace('\n', ' '));
                    line.append('\t').append(p.text2().replace('\t', ' ').replace('\n', ' ')).append('\n');
                    w.write(line.toString());
                    for (int i = PairFeatures.SCALAR_NAMES.size(); i < f.length; i++) {
                        uv.writeFloat((float) f[i]);
                    }
                }
            }
        }
    }
}
