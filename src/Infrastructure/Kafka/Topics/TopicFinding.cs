namespace Recorder.Infrastructure.Kafka.Topics;

public enum TopicFindingKind
{
    /// <summary>The topic meets its requirement.</summary>
    Ok,

    /// <summary>The topic was missing and has been created.</summary>
    Created,

    /// <summary>The topic is missing (check only).</summary>
    Missing,

    /// <summary>A live setting falls short; it is reported, never changed.</summary>
    Shortfall,
}

/// <summary>One line of a topics report.</summary>
public sealed record TopicFinding(string Subject, TopicFindingKind Kind, string Detail)
{
    public bool IsProblem => Kind is TopicFindingKind.Missing or TopicFindingKind.Shortfall;

    public override string ToString() => $"{Kind.ToString().ToUpperInvariant(),-9} {Subject}: {Detail}";
}
