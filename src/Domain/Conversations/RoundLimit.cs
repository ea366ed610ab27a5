namespace Recorder.Domain.Conversations;

/// <summary>One of the limits of <see cref="RoundLimits"/>.</summary>
public enum RoundLimit
{
    /// <summary>Bytes of the serialized value.</summary>
    ValueBytes,

    /// <summary>Question/answer pairs in the round.</summary>
    Pairs,

    /// <summary>Characters (code points) of the user id.</summary>
    UserIdLength,

    /// <summary>UTF-8 bytes of one question or answer.</summary>
    ContentBytes,
}
