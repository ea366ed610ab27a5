using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Trace;
using Recorder.Infrastructure.Kafka.Producing;
using Recorder.Infrastructure.Observability.Tracing;
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
    Environment: Producer__Enabled=false sends nothing (rounds counted as disabled); OTEL_EXPORTER_OTLP_ENDPOINT
    exports a send span per round over OTLP.
    """;

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };

try
{
    var cli = CliArguments.Parse(args);
    if (cli.Verb is not ("generate" or "send"))
    {
        Console.WriteLine(Usage);
        return cli.Verb == "help" ? 0 : 2;
    }

    var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
    var bootstrap = cli.String("bootstrap", configuration["Kafka:BootstrapServers"] ?? string.Empty);
    var topic = cli.String("topic", "qywx-recorder");
    var rate = cli.Int("rate", 0, 0, 1_000_000);
    var rounds = cli.Verb == "generate"
        ? RoundSource.Generate(
            cli.Int("count", 10_000, 1, 100_000_000), cli.Int("users", 500, 1, 10_000_000), cli.Int("pairs", 3, 0, 10_000),
            cli.Int("content-size", 200, 1, 6_000_000), cli.Int("seed", 1, int.MinValue, int.MaxValue))
        : RoundSource.ReadJsonLines(cli.String("file", string.Empty));
    cli.EnsureAllUsed();

    var services = new ServiceCollection()
        .AddSingleton<IConfiguration>(configuration)
        .AddLogging(b => b.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            // Shows the round's TraceId and SpanId on a failed delivery's line when tracing is on.
            o.IncludeScopes = true;
        }).SetMinimumLevel(LogLevel.Warning));
    services.AddOptions<KafkaProducerOptions>().BindConfiguration(KafkaProducerOptions.SectionName).Configure(o =>
    {
        o.BootstrapServers = bootstrap;
        o.Topic = topic;
    });
    services.AddRecorderTracing(configuration, "qywx-recorder-producer");
    // Disposed last: the tracer provider flushes the spans of the final deliveries.
    await using var provider = services.BuildServiceProvider();
    _ = provider.GetService<TracerProvider>();
    var options = provider.GetRequiredService<IOptionsMonitor<KafkaProducerOptions>>();
    return await SendCommand.RunAsync(options, rounds, rate, provider.GetRequiredService<ILoggerFactory>(), Console.Out, Console.Error, stop.Token);
}
catch (Exception ex) when (ex is ArgumentException or InvalidDataException or InvalidOperationException or IOException)
{
    await Console.Error.WriteLineAsync("error: " + ex.Message);
    await Console.Error.WriteLineAsync(Usage);
    return 2;
}
