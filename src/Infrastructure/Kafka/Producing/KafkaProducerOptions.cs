using Recorder.Domain.Conversations;
using Recorder.Infrastructure.Messaging;

namespace Recorder.Infrastructure.Kafka.Producing;

/// <summary>Settings of the round producer (docs/design.md §3). Bound from the "Producer" section.</summary>
public sealed class KafkaProducerOptions
{
    public const string SectionName = "Producer";

    /// <summary>
    /// The scheduler's switch (docs/design.md §3.3): false turns recording off without a deploy, and
    /// <c>SendQasToRecorder</c> then returns at once without producing. Read on every call, so a reloaded
    /// configuration takes effect without a restart.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>librdkafka <c>bootstrap.servers</c>.</summary>
    public string BootstrapServers { get; set; } = string.Empty;

    public string Topic { get; set; } = QaRoundContract.DefaultTopic;

    /// <summary>
    /// Largest serialized round; a larger one is rejected before sending, never truncated. At most the contract's
    /// <see cref="RoundLimits.MaxValueBytes"/>, which is what the recorder accepts.
    /// </summary>
    public int MaxValueBytes { get; set; } = RoundLimits.MaxValueBytes;

    /// <summary>Value of the <c>producer_instance</c> header (host or pod name).</summary>
    public string ProducerInstance { get; set; } = Environment.MachineName;

    /// <summary>How long disposal waits for queued rounds to be delivered.</summary>
    public TimeSpan FlushTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Further librdkafka settings (security, client.id), applied after the specified ones.</summary>
    public IDictionary<string, string> AdditionalSettings { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(BootstrapServers))
        {
            problems.Add("Producer:BootstrapServers is empty (environment: Kafka__BootstrapServers or Producer__BootstrapServers).");
        }

        if (string.IsNullOrWhiteSpace(Topic))
        {
            problems.Add("Producer:Topic is empty.");
        }

        if (MaxValueBytes is < 1 or > RoundLimits.MaxValueBytes)
        {
            problems.Add($"Producer:MaxValueBytes must be between 1 and {RoundLimits.MaxValueBytes} (was {MaxValueBytes}).");
        }

        if (FlushTimeout <= TimeSpan.Zero)
        {
            problems.Add("Producer:FlushTimeout must be positive.");
        }

        return problems;
    }
}
