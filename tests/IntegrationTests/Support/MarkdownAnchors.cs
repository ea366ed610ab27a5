using System.Text;

namespace Recorder.IntegrationTests.Support;

/// <summary>The anchors a Markdown renderer (GitHub, GitLab) gives the headings of a file.</summary>
internal static class MarkdownAnchors
{
    /// <summary>The anchor of every heading outside fenced code blocks.</summary>
    public static IReadOnlySet<string> Of(string path)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var inFence = false;
        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
            }
            else if (!inFence && line.StartsWith('#'))
            {
                var text = line.TrimStart('#');
                if (text.StartsWith(' '))
                {
                    anchors.Add(Slug(text.Trim()));
                }
            }
        }

        return anchors;
    }

    /// <summary>Lower case; letters, digits, '-' and '_' kept; spaces become '-'; everything else dropped.</summary>
    public static string Slug(string heading)
    {
        ArgumentNullException.ThrowIfNull(heading);
        var slug = new StringBuilder(heading.Length);
        foreach (var c in heading.ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c) || c is '-' or '_')
            {
                slug.Append(c);
            }
            else if (c == ' ')
            {
                slug.Append('-');
            }
        }

        return slug.ToString();
    }
}
