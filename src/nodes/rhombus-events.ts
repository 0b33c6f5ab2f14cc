import type { Node, NodeAPI } from 'node-red';

import type { RhombusEvent } from '../rhombus/event-types';
import { joinAccount } from './account-user';
import { compileFilter, listSetting } from './event-filter';
import { filterSummary } from './filter-summary';
import type { RhombusEventsDef } from './flow-node-defs';
import { compileTopic, DEFAULT_EVENTS_TOPIC } from './topic';

export = function registerRhombusEvents(RED: NodeAPI): void {
  function RhombusEvents(this: Node, def: RhombusEventsDef): void {
    RED.nodes.createNode(this, def);

    const filter = compileFilter({
      entities: listSetting(def.entities),
      changeTypes: listSetting(def.changeTypes),
      devices: listSetting(def.devices),
      locations: listSetting(def.locations),
    });
    const topic = compileTopic(def.topic?.trim() || DEFAULT_EVENTS_TOPIC);

    joinAccount(RED, this, def.config, {
      summary: filterSummary(def, listSetting(def.entities)),
      onEvent: (event: RhombusEvent) => {
        if (!filter(event)) return;

        this.send({ topic: topic(event), payload: { ...event } });
      },
    });
  }

  RED.nodes.registerType('rhombus-events', RhombusEvents);
};
