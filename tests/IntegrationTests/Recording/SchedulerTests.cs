using Microsoft.Extensions.DependencyInjection;
using Recorder.Domain.Conversations;
using Recorder.Infrastructure.Kafka.Producing;
using Recorder.IntegrationTests.Support;
using Recorder.Producer.Schedule.Scheduling;

namespace Recorder.IntegrationTests.Recording;

[Collection(RecordsTableCollection.Name)]
public sealed class SchedulerTests
{
    [Fact]
    public async Task The_round_is_handed_to_the_recorder_before_the_ai_is_called_and_is_recorded_even_if_the_ai_fails()
    {
        await using var env = await RecordingEnvironment.StartAsync(partitions: 2);
        await using var recorder = await RecorderInstance.StartAsync(env.Cluster.BootstrapServers);
        var producer = recorder.Services.GetRequiredService<QaRoundProducer>();
        var ipang = new FailingIpang(producer);
        var scheduler = new KeywordsScheduler(new ConversationRecorderClient(producer, TimeProvider.System), ipang);

        await Assert.ThrowsAsync<HttpRequestException>(
            () => scheduler.AnswerAsync("wm-user-1", [new QaPair("我的订单到哪了？", ""), new QaPair("", "在路上")], CancellationToken.None));

        Assert.Equal(1, ipang.QueuedWhenCalled);
        await env.WaitForRowsAsync(2, TimeSpan.FromSeconds(60));
    }

    private sealed class FailingIpang(QaRoundProducer producer) : IIpangClient
    {
        public long QueuedWhenCalled { get; private set; } = -1;

        public Task<string> AskAsync(string userId, IReadOnlyList<QaPair> qas, CancellationToken cancellationToken)
        {
            QueuedWhenCalled = producer.Counters.Queued;
            throw new HttpRequestException("the AI service is down");
        }
    }
}
