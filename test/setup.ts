// Shared test setup. Keep it small: tests should be readable on their own.
import '@testing-library/jest-dom/vitest';
