using Recorder.Infrastructure.Persistence.MySql;
using Recorder.IntegrationTests.Support;

namespace Recorder.IntegrationTests.MySql;

public sealed class MySqlSqlModeTests
{
    [Fact]
    public async Task Under_no_backslash_escapes_a_parameter_after_a_backslash_literal_stays_a_value()
    {
        // A pool of its own: the session's sql_mode must not leak into other tests' connections.
        await using var dataSource = new MySqlDataSource(TestDatabase.With(b => b.MaximumPoolSize = 1));
        await using var connection = await dataSource.OpenConnectionAsync();
        await using (var mode = connection.CreateCommand())
        {
            mode.CommandText = "SET SESSION sql_mode = CONCAT(@@sql_mode, ',NO_BACKSLASH_ESCAPES')";
            await mode.ExecuteNonQueryAsync();
        }

        await using var command = connection.CreateCommand();
        // In this mode 'a\' is a complete literal holding a backslash, so @p is outside it and must be bound.
        command.CommandText = @"SELECT 'a\', @p";
        command.Parameters.AddWithValue("@p", " AS x, USER() AS injected -- ");
        await using var reader = await command.ExecuteReaderAsync();

        Assert.True(await reader.ReadAsync());
        Assert.Equal(2, reader.FieldCount);
        Assert.Equal(@"a\", reader.GetString(0));
        Assert.Equal(" AS x, USER() AS injected -- ", reader.GetString(1));
    }
}
