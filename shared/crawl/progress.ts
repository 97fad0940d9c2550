// Progress of a crawl cycle: one updating line on a terminal, JSON lines otherwise (logs, CI, Lambda).
import type { CrawlProgress } from "./crawl-all.ts";

export interface ProgressStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressReporter {
  /** Pass as crawlAll's onProgress. */
  onProgress(progress: CrawlProgress): void;
  /** Ends the TTY line, or writes a summary line in JSON mode. */
  finish(): void;
}

function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, "0")}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, "0")}m`;
}

export function createProgressReporter(
  options: { stream?: ProgressStream; total?: number; now?: () => number; tty?: boolean } = {},
): ProgressReporter {
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? Date.now;
  const tty = options.tty ?? stream.isTTY === true;
  const started = now();
  let done = 0;
  let total = options.total ?? 0;
  let failed = 0;
  let partial = 0;
  let documents = 0;
  let wroteLine = false;

  return {
    onProgress(progress) {
      done = progress.done;
      total = progress.total;
      documents += progress.result.documents.length;
      if (progress.result.status === "unreachable") failed++;
      if (progress.result.status === "partial") partial++;
      if (tty) {
        const elapsed = now() - started;
        const eta =
          done > 0 && done < total ? ` · ETA ${formatDuration((elapsed / done) * (total - done))}` : "";
        // A terminal that does not say its width (0, as under `script` or some CI ptys) gets 100 columns.
        const width = Math.max(20, (stream.columns || 100) - 1);
        const line = `crawl ${done}/${total} bureaus · ${documents} documents · ${failed} unreachable · ${partial} partial${eta} · ${progress.bureauId}`;
        stream.write(`\r\x1b[2K${line.slice(0, width)}`);
        wroteLine = true;
        return;
      }
      stream.write(
        `${JSON.stringify({
          event: "bureau-crawled",
          at: new Date(now()).toISOString(),
          bureau: progress.bureauId,
          status: progress.result.status,
          documents: progress.result.documents.length,
          unchanged: progress.result.documents.filter((d) => d.unchanged).length,
          errors: progress.result.errors.slice(0, 5),
          // Answers rather than errors, but an operator reading the log wants them in view.
          ...(progress.result.deadLinks
            ? { deadLinks: progress.result.deadLinks.slice(0, 5).map((d) => `${d.url} (${d.status})`) }
            : {}),
          done,
          total,
        })}\n`,
      );
    },
    finish() {
      const elapsed = formatDuration(now() - started);
      if (tty) {
        if (wroteLine) stream.write("\r\x1b[2K");
        stream.write(
          `crawled ${done}/${total} bureaus in ${elapsed}: ${documents} documents, ${failed} unreachable, ${partial} partial\n`,
        );
        return;
      }
      stream.write(
        `${JSON.stringify({ event: "crawl-finished", at: new Date(now()).toISOString(), done, total, documents, unreachable: failed, partial, elapsedMs: now() - started })}\n`,
      );
    },
  };
}
