// parley CLI entry point.
export {};
