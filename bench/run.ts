// `npm run bench [-- parse|crawl]`: every figure is a ratio against a baseline measured in the same run.
import { crawlBench } from "./crawl-bench.ts";
import { parseBench } from "./parse-bench.ts";

const only = process.argv[2];
if (!only || only === "parse") await parseBench();
if (!only || only === "crawl") await crawlBench();
