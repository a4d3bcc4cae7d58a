// placeholder: issue #5 replaces this. It exists only so `electron-vite build` has a main entry.
export {};
