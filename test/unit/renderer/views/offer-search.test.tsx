// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { OffersView } from '../../../../src/renderer/views/offers/OffersView';
import { AppStore } from '../../../../src/renderer/state/store';
import { renderWithStore } from '../render';

afterEach(cleanup);

// The search box is uncontrolled (a keystroke does not re-render it): what is typed must reach the
// store, and a search set anywhere else must show in the box.
describe('the offer search box', () => {
  const setup = () => {
    const store = new AppStore({ invoke: () => new Promise(() => undefined), on: () => () => undefined });
    renderWithStore(<OffersView />, store);
    return { store, input: screen.getByLabelText('Search offers') as HTMLInputElement };
  };

  it('typing sets the search; a search set elsewhere (a notification click, the store) shows in the box', () => {
    const { store, input } = setup();
    fireEvent.change(input, { target: { value: 'h100' } });
    expect(store.getState().offers.search).toBe('h100');
    act(() => store.focusOffer('vastai:1'));
    expect(input.value).toBe('');
    act(() => store.setOfferSearch('a100 us'));
    expect(input.value).toBe('a100 us');
  });

  it('the clear button and Escape empty both the box and the search', () => {
    const { store, input } = setup();
    expect(screen.queryByLabelText('Clear search')).toBeNull();
    fireEvent.change(input, { target: { value: 'h200' } });
    fireEvent.click(screen.getByLabelText('Clear search'));
    expect(input.value).toBe('');
    expect(store.getState().offers.search).toBe('');
    expect(screen.queryByLabelText('Clear search')).toBeNull();

    fireEvent.change(input, { target: { value: 'l40s' } });
    fireEvent.keyDown(input, { key: 'Escape' });
    expect(input.value).toBe('');
    expect(store.getState().offers.search).toBe('');
  });
});
