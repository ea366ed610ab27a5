namespace Recorder.Domain.Conversations;

/// <summary>Who said a recorded piece of text. Stored as <c>'USER'</c> / <c>'AI'</c>.</summary>
public enum RecordSource
{
    /// <summary>The end user's question.</summary>
    User = 0,

    /// <summary>The AI service's answer.</summary>
    Ai = 1,
}
