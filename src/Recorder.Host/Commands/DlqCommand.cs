using System.Globalization;
using Microsoft.Extensions.Options;
using Recorder.Infrastructure.Kafka;
using Recorder.Infrastructure.Kafka.Consuming;
using Recorder.Infrastructure.Kafka.DeadLetter;
using Recorder.Infrastructure.Kafka.DeadLetter.Replay;

namespace Recorder.Host.Commands;

/// <summary>
/// <c>dlq inspect [--by-user]</c> counts what the dead-letter topic holds; <c>dlq replay [--reason R] [--from T]
/// [--to T] [--user U] [--limit N] [--group NAME] [--dry-run]</c> sends selected records back to the source topic
/// (docs/design.md §5.10). Neither prints message content.
/// </summary>
internal static class DlqCommand
{
    public const int ExitFailed = 1;
    public const int ExitUsage = 2;

    public static async Task<int> InspectAsync(IServiceProvider services, IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(output);
        var arguments = CommandArguments.Parse(args, ["by-user"], [], out var problem);
        if (arguments is null)
        {
            await output.WriteLineAsync($"dlq inspect: {problem?.TrimEnd('.')}. Usage: dlq inspect [--by-user]");
            return ExitUsage;
        }

        var (clients, options, deadLetterTopic, _) = Resolve(services);
        DeadLetterInspection inspection;
        try
        {
            inspection = await new DeadLetterInspector(clients, options, deadLetterTopic, TimeProvider.System)
                .InspectAsync(arguments.Has("by-user"), cancellationToken);
        }
        catch (InvalidOperationException ex)
        {
            await output.WriteLineAsync($"dlq inspect: {ex.Message}");
            return ExitFailed;
        }

        await DlqReport.WriteAsync(output, deadLetterTopic, inspection);
        return 0;
    }

    public static async Task<int> ReplayAsync(IServiceProvider services, IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(output);
        var (clients, options, deadLetterTopic, consumer) = Resolve(services);
        var request = ParseReplay(args, options, consumer, out var problem);
        if (request is null)
        {
            await output.WriteLineAsync($"dlq replay: {problem?.TrimEnd('.')}. Usage: dlq replay [--reason R] [--from T] [--to T] [--user U] " +
                "[--limit N] [--group NAME] [--dry-run]; T is unix seconds or ISO-8601 with its offset, e.g. 2026-11-20T08:00:00Z");
            return ExitUsage;
        }

        var replayer = new DeadLetterReplayer(clients, options, deadLetterTopic, consumer.Topic, TimeProvider.System);
        var report = await replayer.RunAsync(request, cancellationToken);
        await DlqReport.WriteAsync(output, report);
        return report.Error is null ? 0 : ExitFailed;
    }

    private static ReplayRequest? ParseReplay(IReadOnlyList<string> args, DeadLetterReplayOptions options, KafkaConsumerOptions consumer, out string? problem)
    {
        var arguments = CommandArguments.Parse(args, ["dry-run"], ["reason", "from", "to", "user", "limit", "group"], out problem);
        if (arguments is null)
        {
            return null;
        }

        DateTimeOffset? from = null, to = null;
        if (arguments.Value("from") is { } fromText)
        {
            if (!OperatorTime.TryParse(fromText, out var moment, out problem))
            {
                problem = "--from: " + problem;
                return null;
            }

            from = moment;
        }

        if (arguments.Value("to") is { } toText)
        {
            if (!OperatorTime.TryParse(toText, out var moment, out problem))
            {
                problem = "--to: " + problem;
                return null;
            }

            to = moment;
        }

        if (from is { } start && to is { } end && end <= start)
        {
            problem = "--to must be after --from (the range is from inclusive, to exclusive)";
            return null;
        }

        int? limit = null;
        if (arguments.Value("limit") is { } limitText)
        {
            if (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
            {
                problem = $"--limit must be a positive whole number (was '{limitText}')";
                return null;
            }

            limit = value;
        }

        var filter = new DeadLetterFilter(arguments.Value("reason"), from, to, arguments.Value("user"));
        var group = arguments.Value("group") ?? ReplayRequest.DefaultGroup(options.GroupPrefix, filter);
        if (string.Equals(group, consumer.GroupId, StringComparison.Ordinal))
        {
            // The replay commits dead-letter offsets under its group; the recorder's group must only hold the recorder's.
            problem = $"--group must not be the recorder's own group ({consumer.GroupId})";
            return null;
        }

        return new ReplayRequest(filter, group, arguments.Has("dry-run"), limit);
    }

    private static (OperatorKafkaClients Clients, DeadLetterReplayOptions Options, string DeadLetterTopic, KafkaConsumerOptions Consumer) Resolve(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<DeadLetterReplayOptions>>().Value;
        var consumer = services.GetRequiredService<IOptions<KafkaConsumerOptions>>().Value;
        var deadLetter = services.GetRequiredService<IOptions<DeadLetterOptions>>().Value;
        var clients = new OperatorKafkaClients(options.BootstrapServers, options.AdditionalSettings.AsReadOnly(),
            services.GetRequiredService<ILoggerFactory>().CreateLogger("Recorder.Host.Commands.Dlq"));
        return (clients, options, deadLetter.DeadLetterTopic, consumer);
    }
}
