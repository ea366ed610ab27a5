namespace Recorder.Benchmarks;

/// <summary>One conversation_records row as the recorder writes it (the four business columns).</summary>
internal sealed record ConversationRow(string UserId, string Source, string Content, DateTime Occurred);
