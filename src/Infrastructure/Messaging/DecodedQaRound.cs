using Recorder.Application.Conversations.Commands.RecordQaBatch;
using Recorder.Domain.Conversations;

namespace Recorder.Infrastructure.Messaging;

/// <summary>A message read successfully as a conversation round.</summary>
public sealed class DecodedQaRound
{
    internal DecodedQaRound(
        string userId,
        DateTime occurred,
        OccurredSource occurredSource,
        OccurredFallbackReason? occurredFallback,
        IReadOnlyList<QaPair> pairs,
        int? declaredPairCount)
    {
        UserId = userId;
        Occurred = occurred;
        OccurredSource = occurredSource;
        OccurredFallback = occurredFallback;
        Pairs = pairs;
        DeclaredPairCount = declaredPairCount;
    }

    public string UserId { get; }

    /// <summary>UTC, whole milliseconds.</summary>
    public DateTime Occurred { get; }

    public OccurredSource OccurredSource { get; }

    /// <summary>Why the <c>occurred</c> header was not used; null when it was.</summary>
    public OccurredFallbackReason? OccurredFallback { get; }

    /// <summary>Pairs in message order; missing or null <c>q</c>/<c>a</c> are null here.</summary>
    public IReadOnlyList<QaPair> Pairs { get; }

    /// <summary>The producer's <c>qa_pairs</c> header, when present and numeric; informational only.</summary>
    public int? DeclaredPairCount { get; }

    /// <summary>True when the producer declared a pair count that differs from what the value holds.</summary>
    public bool PairCountMismatch => DeclaredPairCount is { } declared && declared != Pairs.Count;

    public RecordQaBatchCommand ToCommand(MessageOrigin origin)
    {
        ArgumentNullException.ThrowIfNull(origin);
        return new RecordQaBatchCommand(UserId, Occurred, Pairs, origin);
    }
}
