import { memo, useId } from 'react';
import classes from './Segmented.module.css';

export interface SegmentedProps<T extends string> {
  value: T;
  onChange: (value: T) => void;
  data: readonly { value: T; label: string }[];
  'aria-label': string;
}

/**
 * A segmented control (a radio group that looks like Mantine's `<SegmentedControl size="xs">`),
 * without Mantine's sliding indicator: that indicator measures the page in an effect when it
 * mounts, which forced a full layout of the offers (~40 ms) before the window's first paint.
 * Native radios: arrow keys move the choice, the group is one tab stop.
 */
function SegmentedImpl<T extends string>({ value, onChange, data, 'aria-label': label }: SegmentedProps<T>) {
  const id = useId();
  return (
    <div role="radiogroup" aria-label={label} className={classes.root}>
      {data.map((d) => (
        <div key={d.value} className={classes.control}>
          <input
            type="radio"
            className={classes.input}
            id={`${id}-${d.value}`}
            name={id}
            value={d.value}
            checked={d.value === value}
            onChange={() => onChange(d.value)}
          />
          <label htmlFor={`${id}-${d.value}`} className={classes.label} data-active={d.value === value || undefined}>
            {d.label}
          </label>
        </div>
      ))}
    </div>
  );
}

export const Segmented = memo(SegmentedImpl) as typeof SegmentedImpl;
