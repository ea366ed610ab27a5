using System.Security.Cryptography;
using System.Text;
using Recorder.Infrastructure.Persistence.MySql;
using Recorder.IntegrationTests.Support;

namespace Recorder.IntegrationTests.MySql;

public sealed class MySqlRoundTripTests : IAsyncLifetime, IAsyncDisposable
{
    private readonly MySqlDataSource _dataSource = new(TestDatabase.ConnectionString);
    private TestDatabase.ScratchTable _table = null!;

    private enum Source
    {
        USER,
        AI,
    }

    public static TheoryData<string, string> HostileTexts => new()
    {
        { "single quote", "'" },
        { "double quote", "\"" },
        { "backslash", "\\" },
        { "escaped quote", "\\'" },
        { "trailing backslash", "abc\\" },
        { "NUL", "\0" },
        { "embedded NUL", "a\0b\0\0c" },
        { "injection", "'); DROP TABLE x; --" },
        { "injection with backslash", "\\'); DROP TABLE x; -- " },
        { "control characters", "\r\n\t\u001a\b" },
        { "placeholder look-alikes", "@p @@version `x` /* c */ # h -- d" },
        { "4-byte emoji", "😀🎉🧑‍💻 and 𝄞" },
        { "CJK", "你好，世界「引号」" },
        { "empty", string.Empty },
    };

    // xunit calls both; disposing a data source twice is harmless.
    ValueTask IAsyncDisposable.DisposeAsync() => _dataSource.DisposeAsync();

    public async Task InitializeAsync() =>
        _table = await TestDatabase.CreateScratchTableAsync(_dataSource,
            "id INT PRIMARY KEY, body MEDIUMTEXT NULL, bin MEDIUMBLOB NULL, at DATETIME(3) NULL, " +
            "source ENUM('USER','AI') NULL, amount DECIMAL(20,6) NULL, ratio DOUBLE NULL, flag TINYINT(1) NULL, " +
            "big BIGINT NULL, token CHAR(36) NULL");

    public async Task DisposeAsync()
    {
        await _table.DisposeAsync();
        await _dataSource.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(HostileTexts))]
    public async Task Hostile_text_round_trips_byte_exactly(string description, string text)
    {
        Assert.NotNull(description);
        await InsertBodyAsync(1, text);

        await AssertStoredExactlyAsync(1, text);
    }

    [Fact]
    public async Task Five_mebibytes_of_text_round_trip()
    {
        var builder = new StringBuilder(5 * 1024 * 1024);
        var pieces = new[] { "plain ", "it's ", "back\\slash ", "\"q\" ", "中文字符 ", "😀 ", "\0", "\n" };
        for (var i = 0; builder.Length < 5 * 1024 * 1024; i++)
        {
            builder.Append(pieces[i % pieces.Length]);
        }

        var text = builder.ToString();
        await InsertBodyAsync(2, text);

        await AssertStoredExactlyAsync(2, text);
    }

    [Fact]
    public async Task Every_byte_value_round_trips_in_a_blob()
    {
        var bytes = Enumerable.Range(0, 256).Select(i => (byte)i).Concat(Encoding.UTF8.GetBytes("'); DROP TABLE x; --")).ToArray();
        await TestDatabase.ExecuteAsync(_dataSource, $"INSERT INTO {_table.Sql} (id, bin) VALUES (@id, @bin)", ("@id", 3), ("@bin", bytes));

        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT bin, LENGTH(bin) FROM {_table.Sql} WHERE id = 3";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(bytes, (byte[])reader.GetValue(0));
        Assert.Equal(bytes, reader.GetFieldValue<byte[]>(0));
        Assert.Equal(bytes.Length, reader.GetInt32(1));
        var chunk = new byte[10];
        Assert.Equal(10, reader.GetBytes(0, 250, chunk, 0, 10));
        Assert.Equal(bytes.AsSpan(250, 10).ToArray(), chunk);
    }

    [Fact]
    public async Task Datetime3_keeps_milliseconds_and_reads_back_as_utc()
    {
        var utc = new DateTime(2024, 2, 29, 23, 59, 58, 123, DateTimeKind.Utc);
        await TestDatabase.ExecuteAsync(_dataSource,
            $"INSERT INTO {_table.Sql} (id, at) VALUES (10, @utc), (11, @local), (12, @offset), (13, @unspecified)",
            ("@utc", utc),
            ("@local", utc.ToLocalTime()),
            ("@offset", new DateTimeOffset(utc).ToOffset(TimeSpan.FromHours(8))),
            ("@unspecified", DateTime.SpecifyKind(utc, DateTimeKind.Unspecified)));

        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT at, DATE_FORMAT(at, '%Y-%m-%d %H:%i:%s.%f') FROM {_table.Sql} WHERE id BETWEEN 10 AND 13 ORDER BY id";
        await using var reader = await command.ExecuteReaderAsync();
        var count = 0;
        while (await reader.ReadAsync())
        {
            count++;
            var value = reader.GetDateTime(0);
            Assert.Equal(DateTimeKind.Utc, value.Kind);
            Assert.Equal(utc, value);
            Assert.Equal(123, value.Millisecond);
            Assert.Equal("2024-02-29 23:59:58.123000", reader.GetString(1));
            Assert.Equal(utc, reader.GetFieldValue<DateTime>(0));
            Assert.Equal(new DateTimeOffset(utc), reader.GetFieldValue<DateTimeOffset>(0));
        }

        Assert.Equal(4, count);
    }

    [Fact]
    public async Task Typed_values_round_trip()
    {
        var token = Guid.NewGuid();
        await TestDatabase.ExecuteAsync(_dataSource,
            $"INSERT INTO {_table.Sql} (id, source, amount, ratio, flag, big, token, body) " +
            "VALUES (@id, @source, @amount, @ratio, @flag, @big, @token, @body)",
            ("@id", 20), ("@source", Source.AI), ("@amount", 12345678901234.123456m), ("@ratio", 0.1),
            ("@flag", true), ("@big", long.MinValue), ("@token", token), ("@body", null));

        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT source, amount, ratio, flag, big, token, body, id FROM {_table.Sql} WHERE id = @id";
        command.Parameters.AddWithValue("id", 20);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(Source.AI, reader.GetFieldValue<Source>(0));
        Assert.Equal("AI", reader.GetString(0));
        Assert.Equal(12345678901234.123456m, reader.GetDecimal(1));
        Assert.Equal(0.1, reader.GetDouble(2));
        Assert.True(reader.GetBoolean(3));
        Assert.Equal(true, reader.GetValue(3));
        Assert.Equal(long.MinValue, reader.GetInt64(4));
        Assert.Equal(token, reader.GetGuid(5));
        Assert.True(reader.IsDBNull(6));
        Assert.Equal(DBNull.Value, reader.GetValue(6));
        Assert.Null(reader.GetFieldValue<string?>(6));
        Assert.Null(reader.GetFieldValue<int?>(6));
        Assert.Equal(20, reader.GetFieldValue<int?>(reader.GetOrdinal("ID")));
        Assert.Equal(typeof(int), reader.GetFieldType(7));
        Assert.False(await reader.ReadAsync());
    }

    [Fact]
    public async Task Escaping_follows_the_sessions_sql_mode()
    {
        // Under NO_BACKSLASH_ESCAPES a backslash is an ordinary character and only quotes are doubled; escaping
        // with backslashes here would corrupt the value or end the literal early.
        await using var unpooled = new MySqlDataSource(TestDatabase.With(b => b.Pooling = false));
        await using var connection = await unpooled.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SET SESSION sql_mode = CONCAT(@@sql_mode, ',NO_BACKSLASH_ESCAPES')";
        await command.ExecuteNonQueryAsync();

        foreach (var (_, text) in HostileTexts.Select(row => ((string)row[0], (string)row[1])))
        {
            command.CommandText = "SELECT @text, LENGTH(@text)";
            command.Parameters.Clear();
            command.Parameters.AddWithValue("@text", text);
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal(text, reader.GetString(0));
            Assert.Equal(Encoding.UTF8.GetByteCount(text), reader.GetInt32(1));
        }
    }

    [Fact]
    public async Task Scripts_without_parameters_may_use_user_variables()
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SET @recorder_x := 20; SELECT @recorder_x + 1 AS a; SELECT 'second' AS b";
        await using var reader = await command.ExecuteReaderAsync();

        Assert.True(await reader.ReadAsync());
        Assert.Equal(21, reader.GetInt32(0));
        Assert.True(await reader.NextResultAsync());
        Assert.True(await reader.ReadAsync());
        Assert.Equal("second", reader.GetString(0));
        Assert.False(await reader.NextResultAsync());
    }

    [Fact]
    public async Task Unknown_placeholders_are_rejected_unless_user_variables_are_allowed()
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SET @total := @p; SELECT @total";
        command.Parameters.AddWithValue("@p", 5);

        var error = await Assert.ThrowsAsync<MySqlException>(() => command.ExecuteScalarAsync());
        Assert.Contains("@total", error.Message, StringComparison.Ordinal);

        await using var allowing = new MySqlDataSource(TestDatabase.With(b => b.AllowUserVariables = true));
        await using var allowed = await allowing.OpenConnectionAsync();
        await using var again = allowed.CreateCommand();
        again.CommandText = command.CommandText;
        again.Parameters.AddWithValue("@p", 5);
        Assert.Equal(5L, await again.ExecuteScalarAsync());
    }

    private async Task InsertBodyAsync(int id, string text)
    {
        var affected = await TestDatabase.ExecuteAsync(_dataSource, $"INSERT INTO {_table.Sql} (id, body) VALUES (@id, @body)", ("@id", id), ("@body", text));
        Assert.Equal(1, affected);
    }

    private async Task AssertStoredExactlyAsync(int id, string expected)
    {
        var expectedBytes = Encoding.UTF8.GetBytes(expected);
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT body, LENGTH(body), SHA2(body, 256), (SELECT COUNT(*) FROM {_table.Sql}) FROM {_table.Sql} WHERE id = @id";
        command.Parameters.AddWithValue("@id", id);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(expected, reader.GetString(0));
        Assert.Equal(expectedBytes.Length, reader.GetInt32(1));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(expectedBytes)), reader.GetString(2));
        Assert.Equal(1, reader.GetInt32(3));
    }
}
