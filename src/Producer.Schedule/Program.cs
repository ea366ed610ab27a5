using Microsoft.Extensions.Logging;
using Recorder.Infrastructure.Kafka.Producing;
using Recorder.Producer.Schedule.Cli;

// Command-line producer and load generator for the recorder topic. The scheduler itself uses
// Scheduling/ConversationRecorderClient the same way.
const string Usage = """
    usage:
      Recorder.Producer.Schedule generate --bootstrap HOST:PORT [--topic qywx-recorder] [--count 10000] [--users 500]
                                          [--pairs 3] [--content-size 200] [--rate 0 (unpaced)] [--seed 1]
      Recorder.Producer.Schedule send --bootstrap HOST:PORT --file rounds.jsonl [--topic …] [--rate 0]
    A JSON-lines file holds one round per line: {"user_id":"…","qas":[{"q":"…","a":"…"}]}
    Prints progress every second on stderr and one summary line on stdout; exits 1 if any round was not delivered.
    """;

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));

try
{
    var cli = CliArguments.Parse(args);
    if (cli.Verb is not ("generate" or "send"))
    {
        Console.WriteLine(Usage);
        return cli.Verb == "help" ? 0 : 2;
    }

    var options = new KafkaProducerOptions
    {
        BootstrapServers = cli.String("bootstrap", Environment.GetEnvironmentVariable("Kafka__BootstrapServers") ?? string.Empty),
        Topic = cli.String("topic", "qywx-recorder"),
    };
    var rate = cli.Int("rate", 0, 0, 1_000_000);
    var rounds = cli.Verb == "generate"
        ? RoundSource.Generate(
            cli.Int("count", 10_000, 1, 100_000_000), cli.Int("users", 500, 1, 10_000_000), cli.Int("pairs", 3, 0, 10_000),
            cli.Int("content-size", 200, 1, 6_000_000), cli.Int("seed", 1, int.MinValue, int.MaxValue))
        : RoundSource.ReadJsonLines(cli.String("file", string.Empty));
    cli.EnsureAllUsed();
    return await SendCommand.RunAsync(options, rounds, rate, loggers, Console.Out, Console.Error, stop.Token);
}
catch (Exception ex) when (ex is ArgumentException or InvalidDataException or InvalidOperationException or IOException)
{
    await Console.Error.WriteLineAsync("error: " + ex.Message);
    await Console.Error.WriteLineAsync(Usage);
    return 2;
}
