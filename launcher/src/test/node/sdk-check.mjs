// Drives the Switchboard gateway with OpenAI's official Node SDK, as a user who only changed base_url would.
// Run by GatewayOpenAiSdkTest with SWITCHBOARD_BASE_URL and SWITCHBOARD_API_KEY set; prints one JSON summary line.
import assert from 'node:assert/strict';
import OpenAI, { toFile } from 'openai';

const client = new OpenAI({ baseURL: process.env.SWITCHBOARD_BASE_URL, apiKey: process.env.SWITCHBOARD_API_KEY, maxRetries: 0 });
const nonce = Date.now().toString(36);

const models = await client.models.list();
const modelIds = models.data.map((m) => m.id);

const completion = await client.chat.completions.create({
  model: 'sim/small',
  max_tokens: 60,
  messages: [{ role: 'user', content: `What does a gateway do? (${nonce})` }],
});
assert.equal(completion.object, 'chat.completion');
assert.ok(completion.choices[0].message.content.length > 0);

const { data: raw, response } = await client.chat.completions
  .create({ model: 'sim/small', max_tokens: 20, messages: [{ role: 'user', content: `Headers please (${nonce})` }] })
  .withResponse();
const costHeader = response.headers.get('x-switchboard-cost-usd');

let streamed = '';
let chunks = 0;
let finishReason = null;
const stream = await client.chat.completions.create({
  model: 'sim/small',
  max_tokens: 60,
  stream: true,
  messages: [{ role: 'user', content: `Stream a short answer (${nonce})` }],
});
for await (const chunk of stream) {
  chunks++;
  streamed += chunk.choices[0]?.delta?.content ?? '';
  finishReason = chunk.choices[0]?.finish_reason ?? finishReason;
}

// A stream opens before the pipeline answers; a refusal after that (here the router's unknown model) comes as an
// error event, which the SDK raises while iterating.
let streamedRefusal = null;
try {
  const late = await client.chat.completions.create({ model: 'nobody/nothing', stream: true, messages: [{ role: 'user', content: 'hi' }] });
  for await (const chunk of late) {
    streamedRefusal = { firstRole: chunk.choices[0]?.delta?.role ?? null };
  }
} catch (e) {
  streamedRefusal = { ...streamedRefusal, code: e.code, isApiError: e instanceof OpenAI.APIError };
}

let notFound = null;
try {
  await client.chat.completions.create({ model: 'nobody/nothing', messages: [{ role: 'user', content: 'hi' }] });
} catch (e) {
  notFound = { status: e.status, code: e.code, isNotFound: e instanceof OpenAI.NotFoundError };
}

const lines = ['x', 'y', 'z'].map((id) => JSON.stringify({
  custom_id: id,
  method: 'POST',
  url: '/v1/chat/completions',
  body: { model: 'sim/small', max_tokens: 30, messages: [{ role: 'user', content: `Batch line ${id} (${nonce})` }] },
}));
const file = await client.files.create({ file: await toFile(Buffer.from(lines.join('\n') + '\n'), 'batch.jsonl'), purpose: 'batch' });
let batch = await client.batches.create({ input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h' });
const deadline = Date.now() + 30_000;
while (!['completed', 'failed', 'cancelled', 'expired'].includes(batch.status) && Date.now() < deadline) {
  await new Promise((resolve) => setTimeout(resolve, 250));
  batch = await client.batches.retrieve(batch.id);
}
assert.equal(batch.status, 'completed');
const output = await (await client.files.content(batch.output_file_id)).text();
const outputLines = output.trim().split('\n').map((l) => JSON.parse(l));

console.log(JSON.stringify({
  models: modelIds,
  completion: { model: completion.model, content: completion.choices[0].message.content, switchboard: completion.switchboard, usage: completion.usage },
  costHeader,
  rawModel: raw.model,
  stream: { chunks, content: streamed, finishReason },
  notFound,
  streamedRefusal,
  batch: { id: batch.id, status: batch.status, counts: batch.request_counts, outputIds: outputLines.map((l) => l.custom_id),
    outputStatuses: outputLines.map((l) => l.response.status_code) },
}));
