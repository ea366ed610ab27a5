using System.Text;

namespace Recorder.Infrastructure.Persistence.Migrations;

/// <summary>
/// Splits a SQL script into statements at top-level semicolons, so scripts written for the mysql command-line
/// client can run one statement at a time over a connection without multi-statement mode.
/// </summary>
internal static class SqlScriptSplitter
{
    public static IReadOnlyList<string> Split(string script)
    {
        ArgumentNullException.ThrowIfNull(script);
        var statements = new List<string>();
        var current = new StringBuilder();
        var i = 0;
        while (i < script.Length)
        {
            var c = script[i];
            if (c is '\'' or '"' or '`')
            {
                var end = SkipQuoted(script, i);
                current.Append(script, i, end - i);
                i = end;
            }
            else if (c == '#' || (c == '-' && At(script, i + 1) == '-' && char.IsWhiteSpace(At(script, i + 2))))
            {
                // Line comments are dropped: they carry no meaning for the server.
                while (i < script.Length && script[i] != '\n')
                {
                    i++;
                }
            }
            else if (c == '/' && At(script, i + 1) == '*')
            {
                var close = script.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = close < 0 ? script.Length : close + 2;
                current.Append(' ');
            }
            else if (c == ';')
            {
                Flush(current, statements);
                i++;
            }
            else
            {
                current.Append(c);
                i++;
            }
        }

        Flush(current, statements);
        return statements;
    }

    private static int SkipQuoted(string script, int start)
    {
        var quote = script[start];
        var i = start + 1;
        while (i < script.Length)
        {
            var c = script[i];
            if (c == '\\' && quote != '`')
            {
                i += 2;
                continue;
            }

            if (c == quote)
            {
                // A doubled quote is an escaped quote inside the literal.
                if (At(script, i + 1) == quote)
                {
                    i += 2;
                    continue;
                }

                return i + 1;
            }

            i++;
        }

        throw new FormatException($"Unterminated {quote} literal starting at character {start} of the script.");
    }

    private static char At(string s, int index) => index < s.Length ? s[index] : '\0';

    private static void Flush(StringBuilder current, List<string> statements)
    {
        var statement = current.ToString().Trim();
        if (statement.Length > 0)
        {
            statements.Add(statement);
        }

        current.Clear();
    }
}
