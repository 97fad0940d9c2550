// Awaits a fetch that must fail, and gives its FetchError for the test to inspect.
import { expect } from "vitest";
import { FetchError } from "../../shared/crawl/errors.ts";

export async function failure(promise: Promise<unknown>): Promise<FetchError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(FetchError);
    return error as FetchError;
  }
  throw new Error("expected a FetchError");
}
