using System.Globalization;
using Confluent.Kafka;
using Kafka.MockCluster;
using Recorder.Domain.Conversations;
using Recorder.Infrastructure.Kafka.Producing;
using Recorder.Infrastructure.Messaging;
using MySqlConnector;

namespace Recorder.IntegrationTests.Support;

/// <summary>
/// What a recorder end-to-end test stands on: its own mock Kafka cluster with the recorder's topics, and the test
/// database migrated and emptied. Also builds rounds exactly as the scheduler's producer would.
/// </summary>
internal sealed class RecordingEnvironment : IAsyncDisposable
{
    public const string Topic = "qywx-recorder";
    public const string DeadLetterTopic = "qywx-recorder.dlq";

    private static readonly DateTime BaseOccurred = new(2026, 11, 1, 8, 0, 0, DateTimeKind.Utc);

    private RecordingEnvironment(MockKafkaCluster cluster, MySqlDataSource database)
    {
        Cluster = cluster;
        Database = database;
        Encoder = new QaRoundMessageEncoder(TimeProvider.System, "integration-test");
    }

    public MockKafkaCluster Cluster { get; }

    public MySqlDataSource Database { get; }

    public QaRoundMessageEncoder Encoder { get; }

    public static async Task<RecordingEnvironment> StartAsync(int partitions = 4, int brokers = 1)
    {
        var cluster = MockKafkaCluster.Start(new MockKafkaClusterOptions
        {
            Brokers = brokers,
            Topics = [new TopicSpec(Topic, partitions, brokers), new TopicSpec(DeadLetterTopic, 2, brokers)],
            GroupInitialRebalanceDelay = TimeSpan.Zero,
        });
        var database = TestDatabase.CreateDataSource();
        await RecorderServices.MigrateAsync();
        await DatabaseReset.ResetAsync(database);
        return new RecordingEnvironment(cluster, database);
    }

    /// <summary>
    /// Rounds with text unique per round and pair, so none collapse under the dedup key: each yields
    /// exactly 2 × <paramref name="pairs"/> rows. Occurred times are fixed, so encoding twice gives identical records.
    /// </summary>
    public List<Message<byte[], byte[]>> Rounds(int count, int pairs = 3, int users = 50, string tag = "r", int contentChars = 40)
    {
        var messages = new List<Message<byte[], byte[]>>(count);
        for (var i = 0; i < count; i++)
        {
            var qas = Enumerable.Range(0, pairs)
                .Select(p => new QaPair(Text($"{tag}{i} q{p} 你好？", contentChars), Text($"{tag}{i} a{p} It's \"fine\" 😀", contentChars)))
                .ToArray();
            var user = "user-" + (i % users).ToString(CultureInfo.InvariantCulture);
            messages.Add(Encoder.Encode(user, qas, BaseOccurred.AddSeconds(i)).ToKafkaMessage());
        }

        return messages;
    }

    public IProducer<byte[], byte[]> CreateProducer() =>
        new ProducerBuilder<byte[], byte[]>(KafkaProducerSettings.Build(Cluster.BootstrapServers)).SetLogHandler((_, _) => { }).Build();

    /// <summary>Produces and waits for every delivery report; a failed delivery fails the test.</summary>
    public async Task ProduceAsync(IEnumerable<Message<byte[], byte[]>> messages, int? partition = null)
    {
        using var producer = CreateProducer();
        var deliveries = messages
            .Select(m => partition is { } p
                ? producer.ProduceAsync(new TopicPartition(Topic, p), m)
                : producer.ProduceAsync(Topic, m))
            .ToList();
        await Task.WhenAll(deliveries);
    }

    public async Task<long> CountRowsAsync(string where = "1=1")
    {
        await using var connection = await Database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM conversation_records WHERE " + where;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>Waits until the table holds <paramref name="expected"/> rows; fails on timeout or on more rows.</summary>
    public async Task WaitForRowsAsync(long expected, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        long count;
        while ((count = await CountRowsAsync()) < expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        Assert.True(count == expected, $"expected {expected} rows, found {count} after waiting up to {timeout.TotalSeconds} s");
    }

    /// <summary>Reads the dead-letter topic from the start until <paramref name="expected"/> records arrived.</summary>
    public List<ConsumeResult<byte[], byte[]>> ReadDeadLetters(int expected, TimeSpan timeout)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = Cluster.BootstrapServers,
            GroupId = "dlq-reader-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
            MaxPartitionFetchBytes = 8 * 1024 * 1024,
        }).SetLogHandler((_, _) => { }).Build();
        consumer.Subscribe(DeadLetterTopic);
        var records = new List<ConsumeResult<byte[], byte[]>>();
        var deadline = DateTime.UtcNow + timeout;
        while (records.Count < expected && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { IsPartitionEOF: false } record)
            {
                records.Add(record);
            }
        }

        consumer.Close();
        return records;
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await Database.DisposeAsync();
    }

    private static string Text(string prefix, int chars) => prefix.Length >= chars ? prefix : prefix + new string('x', chars - prefix.Length);
}
