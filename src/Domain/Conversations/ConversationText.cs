namespace Recorder.Domain.Conversations;

/// <summary>How a question or an answer is stored: without leading and trailing white space; blank text is no row.</summary>
public static class ConversationText
{
    /// <summary>
    /// The text as stored, or <see cref="string.Empty"/> when it is blank; the same instance when there is nothing to
    /// trim, so ordinary text is never copied.
    /// </summary>
    public static string Stored(string? text) => string.IsNullOrWhiteSpace(text) ? string.Empty : text.Trim();

    /// <summary>True when the text yields no row.</summary>
    public static bool IsBlank(string? text) => string.IsNullOrWhiteSpace(text);
}
