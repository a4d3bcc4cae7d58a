// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { MantineProvider } from '@mantine/core';
import { AvailabilityBadge } from '../../../../src/renderer/components/StateBadge';
import { installDomShims } from '../render';

afterEach(cleanup);

describe('AvailabilityBadge', () => {
  it('shows listed (catalogue, capacity unknown) outlined with an explanation, unlike capacity states', () => {
    installDomShims();
    render(
      <MantineProvider>
        <AvailabilityBadge state="listed" />
        <AvailabilityBadge state="available" count={3} />
      </MantineProvider>,
    );
    const listed = screen.getByText('listed').closest('.mantine-Badge-root')!;
    const available = screen.getByText(/available/).closest('.mantine-Badge-root')!;
    expect(listed.getAttribute('title')).toBe('Offered in the catalogue; capacity unknown');
    expect(listed.getAttribute('data-variant')).toBe('outline');
    expect(available.getAttribute('data-variant')).toBe('light');
    expect(available.getAttribute('title')).toBeNull();
  });
});
