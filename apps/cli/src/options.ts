// Argument parsers for commander: each throws InvalidArgumentError, which commander reports as a
// usage error (exit code 2).
import { InvalidArgumentError } from "commander";

export function integer(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^[+-]?\d+$/.test(value) || n < min || n > max) {
      throw new InvalidArgumentError(`an integer from ${min} to ${max}`);
    }
    return n;
  };
}

export function seconds(value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n <= 0) {
    throw new InvalidArgumentError("a number of seconds greater than 0");
  }
  return n;
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
