using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Recorder.Infrastructure.Kafka.Producing;
using Recorder.Infrastructure.Observability;
using Recorder.Producer.Schedule.Scheduling;

namespace Recorder.Producer.Schedule.Cli;

/// <summary>
/// Sends rounds through the same client the scheduler uses, optionally paced, with a progress line every second
/// and a one-line summary that scripts can read.
/// </summary>
internal static class SendCommand
{
    public static async Task<int> RunAsync(IOptionsMonitor<KafkaProducerOptions> options, IEnumerable<OutgoingRound> rounds, int ratePerSecond,
        ILoggerFactory loggers, TextWriter output, TextWriter progress, CancellationToken cancellationToken)
    {
        var metrics = new RecorderMetrics();
        var producer = new QaRoundProducer(options.CurrentValue, metrics, TimeProvider.System, loggers.CreateLogger<QaRoundProducer>());
        await using (producer)
        {
            var client = new ConversationRecorderClient(producer, options, TimeProvider.System);
            var clock = Stopwatch.StartNew();
            var nextReport = TimeSpan.FromSeconds(1);
            long sent = 0;
            foreach (var round in rounds)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    break;
                }

                if (ratePerSecond > 0)
                {
                    var due = TimeSpan.FromSeconds((double)sent / ratePerSecond);
                    if (due > clock.Elapsed)
                    {
                        await Task.Delay(due - clock.Elapsed, CancellationToken.None);
                    }
                }

                client.SendQasToRecorder(round.UserId, round.Pairs);
                sent++;
                if (clock.Elapsed >= nextReport)
                {
                    await progress.WriteLineAsync(Progress(producer.Counters, sent, clock.Elapsed));
                    nextReport += TimeSpan.FromSeconds(1);
                }
            }

            while (producer.Counters.Pending > 0 && !cancellationToken.IsCancellationRequested)
            {
                if (!await producer.FlushAsync(TimeSpan.FromSeconds(1), CancellationToken.None))
                {
                    await progress.WriteLineAsync(Progress(producer.Counters, sent, clock.Elapsed));
                }
            }

            var c = producer.Counters;
            var seconds = clock.Elapsed.TotalSeconds;
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"summary: rounds={sent} delivered={c.Delivered} failed={c.Failed} rejected={c.Rejected} seconds={seconds:0.00} rounds_per_s={c.Delivered / Math.Max(seconds, 0.001):0}{(c.Disabled > 0 ? $" disabled={c.Disabled}" : "")}"));
            return c.Failed + c.Rejected == 0 ? 0 : 1;
        }
    }

    private static string Progress(ProducerCounters c, long sent, TimeSpan elapsed) => string.Create(CultureInfo.InvariantCulture,
        $"[{elapsed.TotalSeconds,6:0.0}s] sent {sent}, delivered {c.Delivered}, failed {c.Failed}, rejected {c.Rejected}, {c.Delivered / Math.Max(elapsed.TotalSeconds, 0.001):0} rounds/s");
}
