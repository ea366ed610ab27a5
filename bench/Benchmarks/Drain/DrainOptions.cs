using System.Globalization;
using MySqlConnector;

namespace Recorder.Benchmarks.Drain;

/// <summary>Command-line options of the drain benchmark.</summary>
internal sealed record DrainOptions
{
    public const string DefaultConnectionString =
        "Server=127.0.0.1;Port=3306;Database=recorder_bench;User ID=recorder;Password=recorder-dev-pw";

    public static readonly string[] AllPhases = ["raw", "drain", "latency", "producer", "memory", "heaplimit"];

    public int Rounds { get; init; } = 30_000;

    public int Pairs { get; init; } = 3;

    public int Users { get; init; } = 1_000;

    public int ContentChars { get; init; } = 120;

    /// <summary>
    /// Raw ceiling and drain are measured this many times, alternately: the machine's speed drifts (the same LOAD DATA
    /// of the same rows ran at 57,000 and at 97,000 rows/s half an hour apart, and at 76,774 and 101,167 rows/s in
    /// consecutive runs minutes apart), so each drain is compared with the mean of the fastest raw path just before it
    /// and that path again just after it, and the median of those ratios is judged.
    /// </summary>
    public int Repeat { get; init; } = 3;

    public int LatencySeconds { get; init; } = 20;

    /// <summary>
    /// Runs of <see cref="LatencySeconds"/> each latency phase measures, each on an emptied table, the medians judged:
    /// at the same rate on this shared machine single runs minutes apart gave histogram p99s from 42 to 480 ms.
    /// </summary>
    public int LatencyRuns { get; init; } = 3;

    /// <summary>
    /// Rounds/s of "normal load" in the latency phase: twice the peak of 1,000 events/s in the design documents.
    /// </summary>
    public int LatencyRate { get; init; } = 2_000;

    public int ProducerRounds { get; init; } = 50_000;

    public int BigRounds { get; init; } = 150;

    public int BigBacklog { get; init; } = 300;

    public int BigRoundBytes { get; init; } = 5 * 1024 * 1024;

    public IReadOnlySet<string> Phases { get; init; } = new HashSet<string>(AllPhases, StringComparer.Ordinal);

    /// <summary>Extra environment for the recorder process (<c>--recorder Recorder__MaxInFlightBytes=…</c>).</summary>
    public IReadOnlyDictionary<string, string> RecorderSettings { get; init; } = new Dictionary<string, string>();

    /// <summary>The <c>--recorder</c> settings, with <paramref name="key"/> set to a phase's own default unless they set it.</summary>
    public Dictionary<string, string> RecorderSettingsWithDefault(string key, string value)
    {
        var settings = new Dictionary<string, string>(RecorderSettings);
        settings.TryAdd(key, value);
        return settings;
    }

    public string ConnectionString { get; init; } = DefaultConnectionString;

    /// <summary>
    /// The recorder to run: by default as deployed, published by <c>scripts/publish.sh</c>; or another build, e.g. the
    /// portable Release build or an older publish for a before/after comparison (<c>--recorder-program</c>).
    /// </summary>
    public string? RecorderProgram { get; init; }

    public static DrainOptions Parse(string[] args)
    {
        var options = new DrainOptions
        {
            ConnectionString = Environment.GetEnvironmentVariable("RECORDER_BENCH_CONNECTION") is { Length: > 0 } fromEnvironment
                ? fromEnvironment
                : DefaultConnectionString,
        };
        var recorder = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"option {args[i]} needs a value");
            options = args[i] switch
            {
                "--rounds" => options with { Rounds = Positive(args[i], value) },
                "--pairs" => options with { Pairs = Positive(args[i], value) },
                "--users" => options with { Users = Positive(args[i], value) },
                "--content" => options with { ContentChars = Positive(args[i], value) },
                "--repeat" => options with { Repeat = Positive(args[i], value) },
                "--latency-seconds" => options with { LatencySeconds = Positive(args[i], value) },
                "--latency-runs" => options with { LatencyRuns = Positive(args[i], value) },
                "--latency-rate" => options with { LatencyRate = Positive(args[i], value) },
                "--producer-rounds" => options with { ProducerRounds = Positive(args[i], value) },
                "--big-rounds" => options with { BigRounds = Positive(args[i], value) },
                "--big-backlog" => options with { BigBacklog = Positive(args[i], value) },
                "--phases" => options with { Phases = PhaseSet(value) },
                "--recorder-program" => options with { RecorderProgram = File.Exists(value) ? Path.GetFullPath(value) : throw new ArgumentException($"{value} does not exist") },
                "--recorder" => AddSetting(options, recorder, value),
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }

        if (new MySqlConnectionStringBuilder(options.ConnectionString).ConnectionProtocol != MySqlConnectionProtocol.Tcp)
        {
            throw new ArgumentException("the benchmark compares TCP clients: RECORDER_BENCH_CONNECTION must use TCP");
        }

        return options with { RecorderSettings = recorder };
    }

    private static DrainOptions AddSetting(DrainOptions options, Dictionary<string, string> settings, string value)
    {
        var separator = value.IndexOf('=', StringComparison.Ordinal);
        if (separator <= 0)
        {
            throw new ArgumentException($"option --recorder needs KEY=VALUE, not '{value}'");
        }

        settings[value[..separator]] = value[(separator + 1)..];
        return options;
    }

    private static HashSet<string> PhaseSet(string value)
    {
        var phases = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var unknown = phases.Except(AllPhases).ToList();
        return unknown.Count == 0 ? phases : throw new ArgumentException($"unknown phase(s) {string.Join(", ", unknown)}; phases: {string.Join(",", AllPhases)}");
    }

    private static int Positive(string option, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new ArgumentException($"option {option} needs a positive whole number, not '{value}'");
}
