using System.Diagnostics;
using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Mediator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Recorder.Application;
using Recorder.Application.Common.Interfaces;
using Recorder.Application.Conversations.Erasure;
using Recorder.Domain.Conversations;
using Recorder.Infrastructure.Kafka.DeadLetter;
using Recorder.Infrastructure.Kafka.Recording;
using Recorder.Infrastructure.Messaging;
using Recorder.Infrastructure.Observability;
using Recorder.Infrastructure.Observability.Tracing;

namespace Recorder.Benchmarks.Tracing;

/// <summary>
/// What tracing adds to one record on the recorder's path: decode, the mediator pipeline and the handler, with a writer
/// that answers at once, so the figures are the CPU and allocations of the code around storage. Single thread; the
/// modes run in turn, each after a warm-up: tracing off (no listener), on and sampled (the SDK with an exporter that
/// drops), on and sampled out (records whose traceparent says "not sampled": spans exist only to carry the context).
/// Every mode runs twice, alternating; the second round's figures are reported.
/// </summary>
internal static class TracingOverheadBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var records = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200_000;
        Console.WriteLine($"tracing-overhead: {records:N0} records per mode, 3 pairs each, traceparent on every record");
        var results = new List<(string Mode, double Ns, double Bytes)>();
        string[] modes = ["off", "sampled", "sampled out"];
        for (var round = 1; round <= 2; round++)
        {
            results.Clear();
            foreach (var mode in modes)
            {
                await using var tracing = Tracing(mode);
                var processor = Processor();
                var messages = Messages(1_000, sampled: mode != "sampled out");
                await RunAsync(processor, messages, records / 5);
                var (ns, bytes) = await RunAsync(processor, messages, records);
                results.Add((mode, ns, bytes));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  round {round}: tracing {mode,-12} {ns,8:0} ns/record  {bytes,8:0} B/record"));
            }
        }

        var (_, off, offBytes) = results[0];
        foreach (var (mode, ns, bytes) in results.Skip(1))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {mode}: +{ns - off:0} ns and +{bytes - offBytes:0} B per record over tracing off"));
        }

        return 0;
    }

    private static async Task<(double Ns, double Bytes)> RunAsync(RecordingMessageProcessor processor, ConsumeResult<byte[], byte[]>[] messages, int count)
    {
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            await processor.ProcessAsync(messages[i % messages.Length], CancellationToken.None);
        }

        clock.Stop();
        return (clock.Elapsed.TotalNanoseconds / count, (GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)count);
    }

    private static ServiceProvider Tracing(string mode)
    {
        var settings = new Dictionary<string, string?> { ["Tracing:SampleRatio"] = mode == "sampled out" ? "0" : "1" };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging();
        if (mode != "off")
        {
            services.AddRecorderTracing(configuration, "benchmark", t => t.AddProcessor(new SimpleActivityExportProcessor(new DroppingExporter())));
        }

        var provider = services.BuildServiceProvider();
        _ = provider.GetService<TracerProvider>();
        return provider;
    }

    private static RecordingMessageProcessor Processor()
    {
        var services = new ServiceCollection()
            .AddSingleton<IConversationRecordWriter, InstantWriter>()
            .AddSingleton<IConversationRecordEraser, NoEraser>()
            .AddSingleton<ICommandMetrics, NoCommandMetrics>();
        services.AddApplication();
        var provider = services.BuildServiceProvider();
        return new RecordingMessageProcessor(new QaRoundMessageDecoder(TimeProvider.System), provider.GetRequiredService<IMediator>(),
            new NoDeadLetters(), new RecorderMetrics(), NullLogger<RecordingMessageProcessor>.Instance, TimeProvider.System, "benchmark-group");
    }

    private static ConsumeResult<byte[], byte[]>[] Messages(int count, bool sampled)
    {
        var encoder = new QaRoundMessageEncoder(TimeProvider.System, "benchmark");
        return Enumerable.Range(0, count).Select(i =>
        {
            var message = encoder.Encode($"user-{i % 97}", [new QaPair($"q{i} 你好", "a"), new QaPair("q2", "a2"), new QaPair("q3", "a3")], DateTime.UtcNow).ToKafkaMessage();
            message.Headers.Add("traceparent", Encoding.ASCII.GetBytes($"00-{ActivityTraceId.CreateRandom()}-{ActivitySpanId.CreateRandom()}-{(sampled ? "01" : "00")}"));
            return new ConsumeResult<byte[], byte[]> { Topic = "qywx-recorder", Partition = new Partition(i % 24), Offset = new Offset(i), Message = message };
        }).ToArray();
    }

    private sealed class DroppingExporter : BaseExporter<Activity>
    {
        public override ExportResult Export(in Batch<Activity> batch) => ExportResult.Success;
    }

    private sealed class InstantWriter : IConversationRecordWriter
    {
        public Task<RecordWriteResult> WriteAsync(IReadOnlyList<ConversationRecord> rows, CancellationToken cancellationToken) =>
            Task.FromResult(new RecordWriteResult(rows.Count, 0));
    }

    /// <summary>The erasure commands' port: the mediator builds every command's pipeline when it is first used.</summary>
    private sealed class NoEraser : IConversationRecordEraser
    {
        public Task<long> CountAsync(RecordSelection selection, CancellationToken cancellationToken) => Task.FromResult(0L);

        public Task PrepareAsync(RecordSelection selection, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<int> DeleteBatchAsync(RecordSelection selection, int maxRows, CancellationToken cancellationToken) => Task.FromResult(0);
    }

    private sealed class NoCommandMetrics : ICommandMetrics
    {
        public void RecordCommand(string command, CommandOutcome outcome, TimeSpan elapsed)
        {
        }
    }

    private sealed class NoDeadLetters : IDeadLetterPublisher
    {
        public Task<bool> TryPublishAsync(ConsumeResult<byte[], byte[]> source, string reason, string detail, CancellationToken cancellationToken) =>
            Task.FromResult(true);
    }
}
