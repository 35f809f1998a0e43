using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CallbackPortal.Data.Migrations
{
    /// <inheritdoc />
    public partial class RecentTalkTimes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_DialAttempts_EndedAt",
                table: "DialAttempts",
                column: "EndedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_DialAttempts_EndedAt",
                table: "DialAttempts");
        }
    }
}
