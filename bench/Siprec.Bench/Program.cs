using Siprec.Bench;

await PauseResumeBenchmark.RunAsync(Console.Out).ConfigureAwait(false);
return 0;
