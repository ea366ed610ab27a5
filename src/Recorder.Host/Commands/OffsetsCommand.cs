using System.Globalization;
using Microsoft.Extensions.Options;
using Recorder.Infrastructure.Kafka;
using Recorder.Infrastructure.Kafka.Consuming;
using Recorder.Infrastructure.Kafka.Offsets;

namespace Recorder.Host.Commands;

/// <summary>
/// <c>offsets show</c>: the recorder group's committed offset, end and lag per partition of the recorder's topic.
/// <c>offsets reset --to-earliest | --to-latest | --to-datetime T [--dry-run]</c>: moves them, refusing while the
/// group has live members.
/// </summary>
internal static class OffsetsCommand
{
    public const int ExitFailed = 1;
    public const int ExitUsage = 2;
    public const int ExitRefused = 6;

    private static readonly string[] Targets = ["to-earliest", "to-latest", "to-datetime"];

    private const string ResetUsage = "Usage: offsets reset --to-earliest | --to-latest | --to-datetime T [--dry-run]; " +
        "T is unix seconds or ISO-8601 with its offset, e.g. 2026-11-20T08:00:00Z";

    public static async Task<int> ShowAsync(IServiceProvider services, IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (CommandArguments.Parse(args, [], [], out var problem) is null)
        {
            await output.WriteLineAsync($"offsets show: {problem}. Usage: offsets show");
            return ExitUsage;
        }

        var offsets = Resolve(services);
        try
        {
            var (partitions, membership) = await offsets.ShowAsync(cancellationToken);
            await output.WriteLineAsync($"group {offsets.Group} on topic {offsets.Topic}; membership: {membership.Detail}");
            await OffsetsReport.WriteTableAsync(output, partitions, targets: null);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"total: committed on {partitions.Count(p => p.Committed is not null)} of {partitions.Count} partitions, lag {partitions.Sum(p => p.Lag)}"));
            return 0;
        }
        catch (Exception ex) when (ex is InvalidOperationException or Confluent.Kafka.KafkaException)
        {
            await output.WriteLineAsync($"offsets show: {ex.Message}");
            return ExitFailed;
        }
    }

    public static async Task<int> ResetAsync(IServiceProvider services, IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var arguments = CommandArguments.Parse(args, ["to-earliest", "to-latest", "dry-run"], ["to-datetime"], out var problem);
        OffsetResetTarget? target = null;
        if (arguments is not null)
        {
            var chosen = Targets.Count(arguments.Has);
            if (chosen != 1)
            {
                problem = "give exactly one of --to-earliest, --to-latest, --to-datetime";
            }
            else if (arguments.Value("to-datetime") is { } text)
            {
                target = OperatorTime.TryParse(text, out var moment, out problem) ? OffsetResetTarget.At(moment) : null;
                problem = problem is null ? null : "--to-datetime: " + problem.TrimEnd('.');
            }
            else
            {
                target = arguments.Has("to-earliest") ? OffsetResetTarget.Earliest : OffsetResetTarget.Latest;
            }
        }

        if (arguments is null || target is null)
        {
            await output.WriteLineAsync($"offsets reset: {problem}. {ResetUsage}");
            return ExitUsage;
        }

        var offsets = Resolve(services);
        var dryRun = arguments.Has("dry-run");
        await output.WriteLineAsync($"offsets reset: group {offsets.Group}, topic {offsets.Topic}, to {target}{(dryRun ? ", DRY RUN" : string.Empty)}");
        OffsetResetResult result;
        try
        {
            result = await offsets.ResetAsync(target, dryRun, cancellationToken);
        }
        catch (Exception ex) when (ex is InvalidOperationException or Confluent.Kafka.KafkaException)
        {
            await output.WriteLineAsync($"failed: {ex.Message}; nothing was changed");
            return ExitFailed;
        }

        await OffsetsReport.WriteTableAsync(output, result.Partitions, result.Targets);
        await output.WriteLineAsync($"membership: {result.Membership.Detail}");
        var (label, exitCode) = result.Outcome switch
        {
            OffsetResetOutcome.Reset => ("reset", 0),
            OffsetResetOutcome.DryRun => ("dry run", 0),
            OffsetResetOutcome.Refused => ("refused", ExitRefused),
            _ => ("failed", ExitFailed),
        };
        await output.WriteLineAsync($"{label}: {result.Detail}");
        return exitCode;
    }

    private static ConsumerGroupOffsets Resolve(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<ConsumerGroupOffsetsOptions>>().Value;
        var recorder = services.GetRequiredService<IOptions<KafkaConsumerOptions>>().Value;
        var clients = new OperatorKafkaClients(recorder.BootstrapServers, recorder.AdditionalSettings.AsReadOnly(),
            services.GetRequiredService<ILoggerFactory>().CreateLogger("Recorder.Host.Commands.Offsets"));
        return new ConsumerGroupOffsets(clients, options, recorder);
    }
}
