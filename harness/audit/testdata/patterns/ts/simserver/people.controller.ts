// The SalesLoft stand-in's people routes as a NestJS controller.
import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';

@Controller()
export class PeopleController {
  private readonly people: Array<{ id: number }> = [];

  @Get('/v2/people')
  list() {
    return { data: this.people };
  }

  @Post('/v2/people')
  create(@Body() body: { id: number }) {
    this.people.push(body);
    return { data: body };
  }

  @Delete('/v2/people/:id')
  remove(@Param('id') id: string) {
    return { deleted: id };
  }
}
