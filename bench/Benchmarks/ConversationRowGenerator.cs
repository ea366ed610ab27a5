using System.Text;

namespace Recorder.Benchmarks;

/// <summary>
/// Deterministic, realistic-looking rows: rounds of 1–4 question/answer pairs per user sharing one occurred time
/// (millisecond precision), texts of 50–400 characters mixing Chinese, English, quotes and backslashes.
/// </summary>
internal static class ConversationRowGenerator
{
    private static readonly string[] Fragments =
    [
        "你好，请问我的订单什么时候发货？",
        "Hello, I'd like to check the status of my order. ",
        "麻烦帮我查一下物流信息，单号是 SF1234567890。",
        "The customer said: \"it's broken again\". ",
        "我们已经为您登记，预计 24 小时内处理完毕。",
        "Path C:\\Users\\demo\\Downloads\\invoice.pdf was attached. ",
        "好的，谢谢！还有一个问题：退款多久到账？",
        "Please don't worry — we're on it. ",
        "根据《售后服务条款》第 3.2 条，7 天内可无理由退货。",
        "O'Brien's ticket #4711 (priority: high) ",
        "请提供订单号、收货人姓名和手机号后四位。",
        "Refunds usually arrive within 3-5 business days. ",
        "👍 收到，我这边马上处理。",
        "Tab\there, newline\nthere. ",
    ];

    public static IReadOnlyList<ConversationRow> Generate(int count)
    {
        var random = new Random(20240601);
        var rows = new List<ConversationRow>(count);
        var seen = new HashSet<(string, string, DateTime, string)>();
        var occurred = new DateTime(2024, 6, 1, 8, 0, 0, DateTimeKind.Utc);
        var text = new StringBuilder(512);
        while (rows.Count < count)
        {
            var user = "wx_user_" + random.Next(0, 5000).ToString("D5", System.Globalization.CultureInfo.InvariantCulture);
            occurred = occurred.AddMilliseconds(random.Next(1, 5000));
            var pairs = random.Next(1, 5);
            for (var pair = 0; pair < pairs && rows.Count < count; pair++)
            {
                foreach (var source in new[] { "USER", "AI" })
                {
                    if (rows.Count == count)
                    {
                        break;
                    }

                    var content = Content(random, text);
                    if (seen.Add((user, source, occurred, content)))
                    {
                        rows.Add(new ConversationRow(user, source, content, occurred));
                    }
                }
            }
        }

        return rows;
    }

    private static string Content(Random random, StringBuilder text)
    {
        var length = random.Next(50, 401);
        text.Clear();
        while (text.Length < length)
        {
            text.Append(Fragments[random.Next(Fragments.Length)]);
        }

        text.Length = length;
        if (char.IsHighSurrogate(text[^1]))
        {
            text.Length--;
        }

        return text.ToString();
    }
}
