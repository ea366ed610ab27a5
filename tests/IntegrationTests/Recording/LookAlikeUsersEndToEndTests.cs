using Microsoft.Extensions.DependencyInjection;
using Recorder.Domain.Conversations;
using Recorder.Infrastructure.Kafka.Producing;
using Recorder.IntegrationTests.Support;

namespace Recorder.IntegrationTests.Recording;

/// <summary>
/// Through the whole pipeline: users whose ids differ only in case, accents, trailing spaces or normalisation send
/// the same text in the same second, and each keeps their rows; a redelivery of all of it adds nothing.
/// </summary>
[Collection(RecordsTableCollection.Name)]
public sealed class LookAlikeUsersEndToEndTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Each_look_alike_user_keeps_their_rows_and_a_redelivery_adds_nothing()
    {
        await using var env = await RecordingEnvironment.StartAsync(partitions: 2);
        await using var recorder = await RecorderInstance.StartAsync(env.Cluster.BootstrapServers);
        await using var database = TestDatabase.CreateDataSource();
        var producer = recorder.Services.GetRequiredService<QaRoundProducer>();
        var occurred = new DateTime(2026, 11, 20, 8, 0, 0, DateTimeKind.Utc);
        QaPair[] sameText = [new QaPair("What are your opening hours?", "We are open from 9 to 5.")];
        var users = LookAlikeUsers.All;

        for (var delivery = 1; delivery <= 2; delivery++)
        {
            foreach (var user in users)
            {
                Assert.Equal(PublishOutcome.Queued, producer.Publish(user, sameText, occurred));
            }

            Assert.True(await producer.FlushAsync(TimeSpan.FromSeconds(30)));
            await MetricsText.WaitForAsync(recorder, "qywx_recorder_batches_total{result=\"ok\"}", users.Count * delivery, Patience);
        }

        var metrics = await recorder.ScrapeAsync();
        var stored = await TestDatabase.UserIdsAsync(database);
        Assert.Equal(2 * users.Count, MetricsText.Require(metrics, "qywx_recorder_db_insert_rows_total{result=\"inserted\"}"));
        Assert.Equal(2 * users.Count, MetricsText.Require(metrics, "qywx_recorder_db_insert_rows_total{result=\"ignored\"}"));
        Assert.Equal(2 * users.Count, stored.Count);
        // Each user exactly twice (question and answer), compared byte for byte.
        Assert.Equal(
            users.Order(StringComparer.Ordinal).SelectMany(u => new[] { u, u }),
            stored.Order(StringComparer.Ordinal));
    }
}
