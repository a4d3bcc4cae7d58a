// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen } from '@testing-library/react';
import { Suspense, lazy } from 'react';
import { ViewBoundary } from '../../../src/renderer/components/ViewBoundary';
import { AppStore } from '../../../src/renderer/state/store';
import { renderWithStore } from './render';

afterEach(cleanup);

const store = () => new AppStore({ invoke: () => new Promise(() => undefined), on: () => () => undefined });

function Broken(): never {
  throw new Error('rows went missing');
}

describe('ViewBoundary', () => {
  it('shows what failed instead of unmounting the window, and leaves its siblings alone', () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    renderWithStore(
      <>
        <p>header stays</p>
        <ViewBoundary name="Resources">
          <Broken />
        </ViewBoundary>
      </>,
      store(),
    );
    expect(screen.getByText('header stays')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toContain('Resources failed to load');
    expect(screen.getByText('rows went missing')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Reload the window' })).toBeTruthy();
    quiet.mockRestore();
  });

  it('catches a lazily loaded view whose code cannot be fetched', async () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const View = lazy(() => Promise.reject(new TypeError('Failed to fetch dynamically imported module')));
    renderWithStore(
      <ViewBoundary name="History">
        <Suspense fallback={<p>loading</p>}>
          <View />
        </Suspense>
      </ViewBoundary>,
      store(),
    );
    expect((await screen.findByRole('alert')).textContent).toContain('History failed to load');
    expect(screen.getByText('Failed to fetch dynamically imported module')).toBeTruthy();
    quiet.mockRestore();
  });

  it('renders its children when nothing fails', () => {
    renderWithStore(
      <ViewBoundary name="Offers">
        <p>offers here</p>
      </ViewBoundary>,
      store(),
    );
    expect(screen.getByText('offers here')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
