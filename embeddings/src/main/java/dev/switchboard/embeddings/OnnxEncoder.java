package dev.switchboard.embeddings;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One ONNX Runtime session of a packaged sentence model, opened with the intra-op thread count we choose (the
 * library's own session takes ONNX Runtime's default, and its {@code embedAll} runs one session call per text on a
 * thread pool of its own, so threads multiply). Encodes a list of texts in one session run: the texts are tokenised,
 * padded to the longest, and pooled under the attention mask. Texts beyond the model's 512 tokens are cut there
 * (the start of a question decides its meaning). Thread-safe: ONNX Runtime sessions and the tokenizer are.
 */
final class OnnxEncoder implements AutoCloseable {
    /** How a sentence vector is made from the token vectors. */
    enum Pooling { CLS, MEAN }

    private static final int MAX_TOKENS = 512;

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final Pooling pooling;
    private final boolean typeIds;

    OnnxEncoder(String modelResource, String tokenizerResource, Pooling pooling, int intraOpThreads) {
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("intraOpThreads must be at least 1, got " + intraOpThreads);
        }
        this.pooling = pooling;
        this.environment = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
             InputStream model = resource(modelResource);
             InputStream tokens = resource(tokenizerResource)) {
            options.setIntraOpNumThreads(intraOpThreads);
            // Idle intra-op threads sleep instead of spinning: on cores shared with stream threads, a spinning pool
            // takes the CPU the other threads need (measured: one thread per call ran faster than two spinning ones).
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            this.session = environment.createSession(model.readAllBytes(), options);
            this.tokenizer = HuggingFaceTokenizer.newInstance(tokens, Map.of("padding", "false", "maxLength", String.valueOf(MAX_TOKENS)));
            this.typeIds = session.getInputNames().contains("token_type_ids");
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime could not open " + modelResource, e);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + modelResource + " or " + tokenizerResource, e);
        }
    }

    /** One unnormalised vector per text, from one session run. */
    float[][] encode(List<String> texts) {
        Encoding[] encodings = new Encoding[texts.size()];
        int length = 0;
        for (int i = 0; i < encodings.length; i++) {
            encodings[i] = tokenizer.encode(texts.get(i), true, false);
            length = Math.max(length, Math.min(MAX_TOKENS, encodings[i].getIds().length));
        }
        long[] ids = new long[encodings.length * length];
        long[] mask = new long[ids.length];
        long[] types = new long[ids.length];
        for (int i = 0; i < encodings.length; i++) {
            copyCut(encodings[i].getIds(), ids, i * length);
            copyCut(encodings[i].getAttentionMask(), mask, i * length);
            copyCut(encodings[i].getTypeIds(), types, i * length);
        }
        long[] shape = {encodings.length, length};
        try (OnnxTensor idTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), shape);
             OnnxTensor maskTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(mask), shape);
             OnnxTensor typeTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(types), shape)) {
            Map<String, OnnxTensor> inputs = new HashMap<>();
            inputs.put("input_ids", idTensor);
            inputs.put("attention_mask", maskTensor);
            if (typeIds) {
                inputs.put("token_type_ids", typeTensor);
            }
            try (OrtSession.Result result = session.run(inputs, Set.of(session.getOutputNames().iterator().next()))) {
                float[][][] hidden = (float[][][]) result.get(0).getValue();
                float[][] vectors = new float[hidden.length][];
                for (int i = 0; i < hidden.length; i++) {
                    vectors[i] = pool(hidden[i], mask, i * length);
                }
                return vectors;
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed to encode " + texts.size() + " texts", e);
        }
    }

    private float[] pool(float[][] tokens, long[] mask, int offset) {
        if (pooling == Pooling.CLS) {
            return tokens[0].clone();
        }
        float[] sum = new float[tokens[0].length];
        int counted = 0;
        for (int t = 0; t < tokens.length; t++) {
            if (mask[offset + t] == 1) {
                counted++;
                for (int d = 0; d < sum.length; d++) {
                    sum[d] += tokens[t][d];
                }
            }
        }
        for (int d = 0; d < sum.length; d++) {
            sum[d] /= Math.max(1, counted);
        }
        return sum;
    }

    /** Copies a text's tokens into its padded row; a text longer than the model takes keeps its start and its end token. */
    private static void copyCut(long[] from, long[] to, int offset) {
        if (from.length <= MAX_TOKENS) {
            System.arraycopy(from, 0, to, offset, from.length);
            return;
        }
        System.arraycopy(from, 0, to, offset, MAX_TOKENS - 1);
        to[offset + MAX_TOKENS - 1] = from[from.length - 1];
    }

    private static InputStream resource(String name) {
        InputStream in = OnnxEncoder.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(name + " is not on the classpath: is its langchain4j-embeddings jar a dependency?");
        }
        return in;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("closing the ONNX session failed", e);
        }
        tokenizer.close();
    }
}
