/**
 * `cloudtop history` narrowed to something never recorded: instead of a bare "nothing", the answer
 * lists what was recorded for the GPU under the rest of the question (the report's facets), so the
 * next question can be one with an answer. In-process, on a history file in a temporary home.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HISTORY_FILE_NAME, HistoryStore, observeOffers } from '../../../src/core/history';
import { makeOffer } from '../../helpers/fake-core';
import { useTmpDirs } from '../../helpers/tmp-dirs';
import { runCliTest } from './harness';

const tmp = useTmpDirs('cloudtop-history-narrowed-');

/** RunPod H100s in 15 regions, 1× and 8× in each. */
function home(): string {
  const dir = tmp();
  const store = HistoryStore.open(path.join(dir, HISTORY_FILE_NAME));
  const offers = Array.from({ length: 15 }, (_, i) => `R-${String(i + 1).padStart(2, '0')}`).flatMap((region, i) =>
    [1, 8].map((count) => ({
      ...makeOffer(i * 2 + count, { provider: 'runpod', model: 'H100-SXM', count, perGpuHour: 2 }),
      region: { id: region },
    })),
  );
  store.recordPoll('runpod', Date.now() - 60_000, observeOffers(offers));
  store.close();
  return dir;
}

describe('cloudtop history narrowed to what was never recorded', () => {
  it('names the counts recorded under the rest of the question', async () => {
    const run = await runCliTest(['history', '--gpu', 'H100', '--count', '4'], { env: { CLOUDTOP_HOME: home() } });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Nothing matching H100 (4×) was ever recorded.\nRecorded for H100: --count 1, 8.\n');
  });

  it('names the regions, a dozen of them and how many more', async () => {
    const run = await runCliTest(['history', '--gpu', 'H100', '--region', 'EU-RO-1'], {
      env: { CLOUDTOP_HOME: home() },
    });
    expect(run.stdout).toContain(
      'Recorded for H100: --region R-01, R-02, R-03, R-04, R-05, R-06, R-07, R-08, R-09, R-10, R-11, R-12 and 3 more.\n',
    );
  });

  it('a GPU name nothing has (a typo): names the GPUs it may mean', async () => {
    const run = await runCliTest(['history', '--gpu', 'H1OO'], { env: { CLOUDTOP_HOME: home() } });
    expect(run.stdout).toContain(
      'Nothing matching H1OO was ever recorded.\n--gpu H1OO: not a GPU cloudtop knows; it matches only offers of a GPU named exactly that. Did you mean H100?\n',
    );
    const narrowed = await runCliTest(['history', '--gpu', 'H1OO', '-p', 'runpod'], { env: { CLOUDTOP_HOME: home() } });
    expect(narrowed.stdout).toContain('Nothing matching H1OO (runpod) was ever recorded.\n--gpu H1OO: not a GPU');
  });

  it('says only "nothing" when the GPU itself was never recorded', async () => {
    const run = await runCliTest(['history', '--gpu', 'B200', '-p', 'runpod'], { env: { CLOUDTOP_HOME: home() } });
    expect(run.stdout).toContain('Nothing matching B200 (runpod) was ever recorded.\n');
    expect(run.stdout).not.toContain('Recorded for');
  });
});
