/** Shared test inputs: an alert event like the engine emits, and planted secrets. */
import type { AlertEvent } from '../../../../src/shared/model';
import type { Clock } from '../../../../src/core/collector/clock';
import { realClock } from '../../../../src/core/collector/clock';
import fs from 'node:fs';
import path from 'node:path';

export const event: AlertEvent = {
  id: 'evt_0123456789abcdef',
  watchId: 'w-h100',
  watchName: 'H100 under $3',
  kind: 'appeared',
  at: '2026-12-06T08:00:00.000Z',
  suppressed: false,
  offers: [
    {
      offerId: 'vastai:123',
      provider: 'vastai',
      model: 'H100-SXM',
      count: 8,
      perGpuHour: 2.1,
      perHour: 16.8,
      region: 'US-CA',
      consoleUrl: 'https://cloud.vast.ai/create/',
    },
    {
      offerId: 'runpod:abc',
      provider: 'runpod',
      model: 'H100-SXM',
      count: 1,
      perGpuHour: 2.5,
      perHour: 2.5,
      region: 'EU-RO-1',
    },
  ],
};

/** A Clock whose retry sleeps return at once but are recorded: Retry-After is checked without waiting. */
export function recordingClock(): Clock & { sleeps: number[] } {
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => Date.now(),
    setTimeout: realClock.setTimeout,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
  };
}

export function fixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(fs.readFileSync(path.join(__dirname, '../../../fixtures/notify', name), 'utf8')) as T;
}

// Planted secrets: must never appear in logs, errors or records.
export const SLACK_TOKEN = 'PLANTEDslackTOKENxyz0123456789';
export const DISCORD_TOKEN = 'PLANTEDdiscordTOKEN_abcdefghijklmnopqrstuvwxyz0123456789';
export const TELEGRAM_TOKEN = '123456789:PLANTEDtelegramTOKEN_abcdefghijklmnop';
export const PD_KEY = 'PLANTEDpagerdutyKEY0123456789abc';
export const NTFY_TOKEN = 'tk_PLANTEDntfytoken0123456789';
export const WEBHOOK_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
export const ALL_SECRETS = [SLACK_TOKEN, DISCORD_TOKEN, TELEGRAM_TOKEN, PD_KEY, NTFY_TOKEN, WEBHOOK_SECRET];
