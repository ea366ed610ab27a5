namespace Recorder.Infrastructure.Persistence.MySql;

/// <summary>Command text as UTF-8 with the positions of its parameter placeholders.</summary>
internal sealed class ParsedSql(string text, byte[] utf8, SqlPlaceholder[] placeholders)
{
    public string Text { get; } = text;

    public byte[] Utf8 { get; } = utf8;

    public IReadOnlyList<SqlPlaceholder> Placeholders { get; } = placeholders;
}
