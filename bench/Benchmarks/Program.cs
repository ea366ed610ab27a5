using Recorder.Benchmarks;

// Benchmarks print figures; they are run by hand, never as timed tests.
//   dotnet run -c Release --project bench/Benchmarks -- mysql-insert [--rows 120000] [--chunk 300] [--rounds 3]
if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine("usage: Recorder.Benchmarks drain [--rounds N] [--repeat N] [--pairs N] [--users N] [--content CHARS] [--latency-seconds S] [--latency-runs N] [--latency-rate R]");
    Console.WriteLine("                               [--producer-rounds N] [--big-rounds N] [--big-backlog N] [--phases raw,drain,latency,producer,memory,heaplimit]");
    Console.WriteLine("                               [--recorder ENV_KEY=VALUE ...]");
    Console.WriteLine("       Recorder.Benchmarks tracing-overhead [RECORDS]");
    Console.WriteLine("       Recorder.Benchmarks load-data-text [VALUES]");
    Console.WriteLine("       Recorder.Benchmarks mysql-insert [--rows N] [--chunk N] [--rounds N] [--schema FILE] [--writer KEY=VALUE ...]");
    Console.WriteLine("  Connection: RECORDER_BENCH_CONNECTION (default: the local recorder_bench database, which the benchmark empties).");
    return args.Length == 0 ? 2 : 0;
}

try
{
    return args[0] switch
    {
        "drain" => await Recorder.Benchmarks.Drain.DrainBenchmark.RunAsync(Recorder.Benchmarks.Drain.DrainOptions.Parse(args[1..])),
        "tracing-overhead" => await Recorder.Benchmarks.Tracing.TracingOverheadBenchmark.RunAsync(args),
        "load-data-text" => Recorder.Benchmarks.Insert.LoadDataTextBenchmark.Run(args),
        "mysql-insert" => await Recorder.Benchmarks.Insert.MySqlInsertBenchmark.RunAsync(Recorder.Benchmarks.Insert.InsertBenchmarkOptions.Parse(args[1..])),
        _ => Fail($"unknown benchmark '{args[0]}'"),
    };
}
catch (ArgumentException ex)
{
    return Fail(ex.Message);
}

static int Fail(string message)
{
    Console.Error.WriteLine(message);
    return 2;
}
