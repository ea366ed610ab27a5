using System.Globalization;

namespace Kafka.MockCluster.Hosting;

/// <summary>The program's command line: cluster options, or a request for help.</summary>
public sealed record MockClusterCommandLine(MockKafkaClusterOptions Options, bool ShowHelp)
{
    public const string HelpText = """
        Kafka.MockCluster: a Kafka stand-in for tests and demos, served by librdkafka's built-in mock cluster.
        It is NOT a Kafka broker: production uses Apache Kafka. No admin APIs (CreateTopics, DescribeConfigs),
        max.message.bytes is not enforced, no transaction markers are written, nothing is persisted.

        Usage: Kafka.MockCluster [--brokers N] [--port P] [--topic NAME:PARTITIONS[:REPLICATION]]...
                                 [--rebalance-delay-ms MS]

          --brokers N              number of brokers, ids 1..N (default 1)
          --port P                 serve broker i on 127.0.0.1:(P+i-1) through a forwarder; without it the
                                   brokers' own ephemeral loopback ports are used
          --topic NAME:PARTITIONS[:REPLICATION]
                                   create a topic; repeatable (replication defaults to 1)
          --rebalance-delay-ms MS  group.initial.rebalance.delay.ms of the brokers (default 3000, as Kafka)
          -h, --help               show this text

        Prints "listening on <bootstrap servers>" once ready and serves until SIGINT or SIGTERM.

        """;

    /// <exception cref="FormatException">Unknown option or bad value.</exception>
    public static MockClusterCommandLine Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new MockKafkaClusterOptions();
        var topics = new List<TopicSpec>();
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "-h" or "--help":
                    return new MockClusterCommandLine(options, ShowHelp: true);
                case "--brokers":
                    options = options with { Brokers = ParseNumber(args, ref i, minimum: 1, maximum: 100) };
                    break;
                case "--port":
                    options = options with { ForwarderFirstPort = ParseNumber(args, ref i, minimum: 1, maximum: 65535) };
                    break;
                case "--topic":
                    topics.Add(TopicSpec.Parse(ValueOf(args, ref i)));
                    break;
                case "--rebalance-delay-ms":
                    options = options with
                    {
                        GroupInitialRebalanceDelay = TimeSpan.FromMilliseconds(
                            ParseNumber(args, ref i, minimum: 0, maximum: 600_000)),
                    };
                    break;
                default:
                    throw new FormatException($"Unknown argument '{args[i]}'.");
            }
        }

        if (options.ForwarderFirstPort + options.Brokers - 1 > 65535)
        {
            throw new FormatException("--port leaves no room for one port per broker.");
        }

        if (topics.FirstOrDefault(t => t.ReplicationFactor > options.Brokers) is { } overReplicated)
        {
            throw new FormatException(
                $"Topic {overReplicated.Name} asks for {overReplicated.ReplicationFactor} replicas of {options.Brokers} broker(s).");
        }

        return new MockClusterCommandLine(options with { Topics = topics }, ShowHelp: false);
    }

    private static string ValueOf(IReadOnlyList<string> args, ref int i)
    {
        var option = args[i];
        return ++i < args.Count ? args[i] : throw new FormatException($"{option} needs a value.");
    }

    private static int ParseNumber(IReadOnlyList<string> args, ref int i, int minimum, int maximum)
    {
        var option = args[i];
        var text = ValueOf(args, ref i);
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) &&
               value >= minimum && value <= maximum
            ? value
            : throw new FormatException($"{option} must be a number from {minimum} to {maximum}, not '{text}'.");
    }
}
