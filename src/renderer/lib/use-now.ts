import { useEffect, useState } from 'react';

/** Current time, re-read every `everyMs`, so "3 min ago" labels move on their own. */
export function useNow(everyMs = 15_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}
