namespace Recorder.Infrastructure.Persistence.MySql;

/// <summary>An <c>@name</c> in command text: byte range (UTF-8, including the '@') and the name without '@'.</summary>
internal readonly record struct SqlPlaceholder(int Start, int Length, string Name);
