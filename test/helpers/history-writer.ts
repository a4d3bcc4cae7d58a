/**
 * Child process for the kill -9 test (test/unit/core/history/kill.test.ts): writes big polls into
 * the history file in a loop and says on stdout, synchronously, when each transaction begins and
 * when it committed, so the parent can kill it in the middle of one.
 * Usage: node --import tsx test/helpers/history-writer.ts <file> <first t>
 */
import { writeSync } from 'node:fs';
import { HistoryStore, type SeriesObservationForTest } from './history-writer-types';

const [file, firstT] = process.argv.slice(2);
const store = HistoryStore.open(file!);
let t = Number(firstT);
for (let poll = 0; ; poll++) {
  const obs: SeriesObservationForTest[] = [];
  for (let i = 0; i < 3000; i++) {
    obs.push({
      provider: 'vastai',
      model: `MODEL-${i % 50}`,
      family: `MODEL-${i % 50}`,
      vendor: 'nvidia',
      count: 1 + (i % 8),
      region: `r${Math.floor(i / 400)}`,
      billing: 'on-demand',
      state: (poll + i) % 3 === 0 ? 'none' : 'available',
      offers: 1 + ((poll + i) % 4),
      perGpuHour: 1 + ((poll * 7 + i) % 100) / 100,
    });
  }
  writeSync(1, `begin ${t}\n`);
  store.recordPoll('vastai', t, obs);
  writeSync(1, `commit ${t}\n`);
  t += 60_000;
}
