using System.Diagnostics;
using Recorder.Application.Common.Tracing;

namespace Recorder.Infrastructure.Observability.Tracing;

/// <summary>
/// The sources of every span the recorder and its producer create (docs/design.md §7.6). Nobody listens unless the
/// host registers tracing, and then <see cref="ActivitySource.StartActivity(string, ActivityKind)"/> returns null
/// for free: the per-message paths check that first.
/// </summary>
public static class RecorderActivitySources
{
    /// <summary>The scheduler-side producer: one <c>send</c> span per round.</summary>
    public const string ProducerName = "Recorder.Producer";

    /// <summary>The recorder's consumer: one <c>process</c> span per record and its <c>decode</c> child.</summary>
    public const string ConsumerName = "Recorder.Consumer";

    /// <summary>The record writer: one span per MySQL transaction, linked to the records it carried.</summary>
    public const string PersistenceName = "Recorder.Persistence";

    public static ActivitySource Producer { get; } = new(ProducerName);

    public static ActivitySource Consumer { get; } = new(ConsumerName);

    public static ActivitySource Persistence { get; } = new(PersistenceName);

    /// <summary>Every source to listen to, the application's command spans included.</summary>
    public static IReadOnlyList<string> Names { get; } = [ProducerName, ConsumerName, ApplicationActivitySource.Name, PersistenceName];
}
