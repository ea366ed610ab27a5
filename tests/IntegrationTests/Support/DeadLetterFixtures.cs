using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Recorder.Infrastructure.Kafka.DeadLetter;
using Recorder.Infrastructure.Observability;

namespace Recorder.IntegrationTests.Support;

/// <summary>One dead letter a test wants: why, when, whose, and a case number carried in an original header.</summary>
internal sealed record DeadLetterCase(int Case, string Reason, DateTimeOffset FailedAt, string User);

/// <summary>
/// Fills a dead-letter topic through the recorder's own <see cref="DeadLetterPublisher"/>, each copy made at the time
/// its case says, so filters on time can be checked exactly. The originals' value holds <see cref="SecretText"/>.
/// </summary>
internal static class DeadLetterFixtures
{
    public const string CaseHeader = "x-case";

    /// <summary>Chat text that must never appear in an operator command's output.</summary>
    public const string SecretText = "机密对话内容-do-not-print";

    public static readonly DateTime OriginalTime = new(2026, 11, 20, 7, 0, 0, 125, DateTimeKind.Utc);

    public static async Task PublishAsync(string bootstrapServers, IEnumerable<DeadLetterCase> cases)
    {
        foreach (var c in cases)
        {
            await using var publisher = new DeadLetterPublisher(bootstrapServers,
                new DeadLetterOptions { DeadLetterTopic = RecordingEnvironment.DeadLetterTopic, InstanceName = "recorder-test" },
                new RecorderMetrics(), new FixedTime(c.FailedAt), NullLogger<DeadLetterPublisher>.Instance);
            Assert.True(await publisher.TryPublishAsync(Original(c), c.Reason, "MySQL unreachable", CancellationToken.None));
        }
    }

    public static int CaseOf(ConsumeResult<byte[], byte[]> record) =>
        int.Parse(Encoding.ASCII.GetString(record.Message.Headers.GetLastBytes(CaseHeader)), CultureInfo.InvariantCulture);

    public static ConsumeResult<byte[], byte[]> Original(DeadLetterCase c) => new()
    {
        Topic = RecordingEnvironment.Topic,
        Partition = new Partition(c.Case % 4),
        Offset = new Offset(1000 + c.Case),
        Message = new Message<byte[], byte[]>
        {
            Key = Encoding.UTF8.GetBytes(c.User),
            Value = Encoding.UTF8.GetBytes($$"""[{"q":"{{SecretText}} {{c.Case}}","a":"答复"}]"""),
            Headers = new Headers
            {
                { "schema", "ipang.qa.v1"u8.ToArray() },
                { "user_id", Encoding.UTF8.GetBytes(c.User) },
                { "occurred", Encoding.ASCII.GetBytes("1795158000") },
                { CaseHeader, Encoding.ASCII.GetBytes(c.Case.ToString(CultureInfo.InvariantCulture)) },
            },
            Timestamp = new Timestamp(OriginalTime.AddSeconds(c.Case), TimestampType.CreateTime),
        },
    };

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
