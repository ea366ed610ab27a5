namespace Recorder.Domain.Conversations;

/// <summary>Limits imposed by the storage schema (<c>conversation_records</c>).</summary>
public static class ConversationLimits
{
    /// <summary><c>user_id VARCHAR(64)</c>: MySQL counts characters (code points), not UTF-16 units.</summary>
    public const int MaxUserIdLength = 64;

    /// <summary><c>content MEDIUMTEXT</c>: 2^24 - 1 bytes of UTF-8.</summary>
    public const int MaxContentBytes = 16_777_215;
}
