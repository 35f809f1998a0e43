using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CallbackPortal.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class QueueHeadIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Callbacks_State_Priority_WaitingSince",
                table: "Callbacks",
                columns: new[] { "State", "Priority", "WaitingSince" },
                descending: new[] { false, true, false });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Callbacks_State_Priority_WaitingSince",
                table: "Callbacks");
        }
    }
}
