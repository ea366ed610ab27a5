using System.Globalization;
using MySqlConnector;

namespace Recorder.Benchmarks.Insert;

/// <summary>Command-line options of the mysql-insert benchmark.</summary>
/// <param name="WriterSettings">Extra configuration for the recorder's writer (<c>--writer Persistence:Writers=2</c>).</param>
internal sealed record InsertBenchmarkOptions(
    int Rows, int Chunk, int Rounds, string ConnectionString, string? SchemaFile, IReadOnlyDictionary<string, string?> WriterSettings)
{
    public const string DefaultConnectionString =
        "Server=127.0.0.1;Port=3306;Database=recorder_bench;User ID=recorder;Password=recorder-dev-pw";

    public static InsertBenchmarkOptions Parse(string[] args)
    {
        var rows = 120_000;
        var chunk = 300;
        var rounds = 3;
        string? schema = null;
        var writer = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"option {args[i]} needs a value");
            switch (args[i])
            {
                case "--rows":
                    rows = Positive(args[i], value);
                    break;
                case "--chunk":
                    chunk = Positive(args[i], value);
                    break;
                case "--rounds":
                    rounds = Positive(args[i], value);
                    break;
                case "--schema":
                    schema = value;
                    break;
                case "--writer":
                    var separator = value.IndexOf('=', StringComparison.Ordinal);
                    if (separator <= 0)
                    {
                        throw new ArgumentException($"option --writer needs KEY=VALUE, not '{value}'");
                    }

                    writer[value[..separator]] = value[(separator + 1)..];
                    break;
                default:
                    throw new ArgumentException($"unknown option {args[i]}");
            }

            i++;
        }

        var connectionString = Environment.GetEnvironmentVariable("RECORDER_BENCH_CONNECTION") is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : DefaultConnectionString;
        if (new MySqlConnectionStringBuilder(connectionString).ConnectionProtocol != MySqlConnectionProtocol.Tcp)
        {
            throw new ArgumentException("the benchmark compares TCP clients: RECORDER_BENCH_CONNECTION must use TCP");
        }

        return new InsertBenchmarkOptions(rows, chunk, rounds, connectionString, schema, writer);
    }

    private static int Positive(string option, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new ArgumentException($"option {option} needs a positive whole number, not '{value}'");
}
